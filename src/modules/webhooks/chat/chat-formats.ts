import type { ChatFactValue, ChatNotice } from './chat-notices';

/**
 * A notice laid out for each chat's incoming webhook. Whatever a customer or the company wrote
 * stays plain text: Slack's mrkdwn gets `&`, `<` and `>` escaped (so a comment cannot mention
 * `<!channel>` or make a link), and Teams gets it in text runs, which render no Markdown.
 */

/** Slack: `text` for notifications and old clients, `blocks` for the message itself. */
export function slackMessage(notice: ChatNotice): { text: string; blocks: object[] } {
  const blocks: object[] = [{ type: 'section', text: mrkdwn(`*${slackEscape(notice.title)}*`) }];
  if (notice.facts.length > 0) {
    blocks.push({
      type: 'section',
      // Slack takes ten fields at most.
      fields: notice.facts
        .slice(0, 10)
        .map((fact) => mrkdwn(`*${slackEscape(fact.name)}*\n${slackValue(fact.value)}`)),
    });
  }
  if (notice.quote !== null) {
    blocks.push({ type: 'section', text: mrkdwn(`>${slackEscape(notice.quote)}`) });
  }
  if (notice.link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: plain(notice.link.text), url: notice.link.url }],
    });
  }
  return { text: slackEscape(notice.title), blocks };
}

/** The three characters Slack's mrkdwn reads as markup. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A moment as Slack's date token: each reader sees it in their own zone (UTC as a fallback). */
function slackValue(value: ChatFactValue): string {
  if ('text' in value) return slackEscape(value.text);
  const seconds = Math.floor(Date.parse(value.at) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${utcWords(value.at)}>`;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });

/** Teams (an incoming webhook or a Workflows one): a message carrying one Adaptive Card. */
export function teamsMessage(notice: ChatNotice): object {
  const body: object[] = [richText([{ text: notice.title, weight: 'bolder', size: 'medium' }])];
  for (const fact of notice.facts) body.push(teamsFact(fact.name, fact.value));
  if (notice.quote !== null) body.push(richText([{ text: `“${notice.quote}”`, italic: true }]));
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    actions: notice.link
      ? [{ type: 'Action.OpenUrl', title: notice.link.text, url: notice.link.url }]
      : [],
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}

function richText(runs: Record<string, unknown>[]) {
  return { type: 'RichTextBlock', inlines: runs.map((run) => ({ type: 'TextRun', ...run })) };
}

/**
 * A fact on its line. A moment goes in a TextBlock, whose DATE and TIME functions write it in
 * the reader's zone: its words are Candor's own (a name and a time), so its Markdown is safe.
 */
function teamsFact(name: string, value: ChatFactValue): object {
  if ('text' in value) {
    return richText([{ text: `${name}: `, weight: 'bolder' }, { text: value.text }]);
  }
  // Teams reads RFC 3339 without fractions of a second.
  const at = new Date(value.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    type: 'TextBlock',
    wrap: true,
    text: `**${name}:** {{DATE(${at}, SHORT)}} {{TIME(${at})}}`,
  };
}

/** "2026-12-07 10:00 UTC". */
function utcWords(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
