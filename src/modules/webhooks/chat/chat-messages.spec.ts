import type { WebhookMessage } from '../payloads/webhook-message';
import type { DigestHeadline } from './chat-digest';
import { chatMessageBody } from './chat-messages';

const BASE = 'https://candor.example.com';
const CASE_ID = '5f0c1a8e-8d7e-4c53-9d3f-0a1b2c3d4e5f';

/** A case event's message as the case payloads build it. */
function caseMessage(
  type: string,
  change: { case?: object; response?: object | null; touchpoint?: object; entry?: object } = {},
): WebhookMessage {
  return {
    id: 'evt_1',
    type,
    occurredAt: '2026-12-07T08:00:00.000Z',
    data: {
      case: {
        id: CASE_ID,
        externalRef: null,
        status: 'open',
        source: 'dissatisfied_answer',
        priority: 1,
        team: { id: 't1', name: 'Front desk' },
        assignee: null,
        firstContactDueAt: '2026-12-07T12:00:00.000Z',
        resolutionDueAt: '2026-12-09T12:00:00.000Z',
        ...change.case,
      },
      customer: { id: 'c1', externalId: 'CRM-42' },
      touchpoint: {
        type: 'stay',
        reference: 'R-1',
        location: 'Airport hotel',
        channel: null,
        ...change.touchpoint,
      },
      response:
        change.response === undefined
          ? { score: 1, comment: 'The room was cold' }
          : change.response,
      entry: { type: 'created', actor: { kind: 'candor' }, ...change.entry },
    },
  };
}

interface SlackBody {
  text: string;
  blocks: {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { type: string; text: { text: string }; url: string }[];
  }[];
}

interface TeamsCard {
  type: string;
  version: string;
  body: { type: string; text?: string; inlines?: { text: string }[] }[];
  actions: { type: string; title: string; url: string }[];
}

const slack = (message: WebhookMessage) =>
  JSON.parse(chatMessageBody('slack', message, { publicBaseUrl: BASE })!) as SlackBody;
const teams = (message: WebhookMessage) =>
  JSON.parse(chatMessageBody('teams', message, { publicBaseUrl: BASE })!) as {
    type: string;
    attachments: { contentType: string; content: TeamsCard }[];
  };
/** Every piece of text a Slack message shows, in order. */
const slackTexts = (body: SlackBody) =>
  body.blocks.flatMap((block) => [
    ...(block.text ? [block.text.text] : []),
    ...(block.fields ?? []).map((field) => field.text),
  ]);
const quoteOf = (body: SlackBody) => slackTexts(body).find((text) => text.startsWith('>'))!;

describe('chat messages', () => {
  it('tells Slack of a new dissatisfied case: score, comment, place and a link to the case', () => {
    const body = slack(caseMessage('case.opened'));
    expect(body.text).toBe('A customer is dissatisfied: a new follow-up case');
    expect(slackTexts(body)).toEqual([
      '*A customer is dissatisfied: a new follow-up case*',
      '*Score*\n1',
      '*Where*\nAirport hotel',
      '*Priority*\n1 (the most urgent)',
      '*Team*\nFront desk',
      expect.stringMatching(
        /^\*First contact due\*\n<!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-12-07 12:00 UTC>$/,
      ),
      '>The room was cold',
    ]);
    expect(body.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the case' },
          url: `${BASE}/console/cases/${CASE_ID}`,
        },
      ],
    });
    // Nothing the CRM knows the customer by.
    expect(JSON.stringify(body)).not.toContain('CRM-42');
    expect(JSON.stringify(body)).not.toContain('R-1');
  });

  it('writes the score against its scale when the message has it', () => {
    const body = slack(
      caseMessage('case.opened', { response: { score: 3, comment: null, scaleMax: 10 } }),
    );
    expect(slackTexts(body)).toContain('*Score*\n3 of 10');
    expect(slackTexts(body)).toContain('*Comment*\nNone');
    expect(quoteOf(body)).toBeUndefined();
  });

  it('tells Teams the same in an Adaptive Card, the words as plain text runs', () => {
    const body = teams(caseMessage('case.opened'));
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const [{ contentType, content }] = body.attachments;
    expect(contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const runs = content.body.map((block) =>
      block.inlines ? block.inlines.map((run) => run.text).join('') : block.text,
    );
    expect(runs).toEqual([
      'A customer is dissatisfied: a new follow-up case',
      'Score: 1',
      'Where: Airport hotel',
      'Priority: 1 (the most urgent)',
      'Team: Front desk',
      '**First contact due:** {{DATE(2026-12-07T12:00:00Z, SHORT)}} {{TIME(2026-12-07T12:00:00Z)}}',
      '“The room was cold”',
    ]);
    expect(content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the case', url: `${BASE}/console/cases/${CASE_ID}` },
    ]);
  });

  it("escapes Slack's markup in whatever a customer or the company wrote", () => {
    const body = slack(
      caseMessage('case.opened', {
        response: { score: 1, comment: '<!channel> Tom & Jerry <https://evil.example|click>' },
        touchpoint: { location: 'Bar <b> & grill' },
      }),
    );
    expect(quoteOf(body)).toBe(
      '>&lt;!channel&gt; Tom &amp; Jerry &lt;https://evil.example|click&gt;',
    );
    expect(slackTexts(body)).toContain('*Where*\nBar &lt;b&gt; &amp; grill');
    expect(JSON.stringify(body)).not.toContain('<!channel>');
    // Teams: a comment's Markdown stays words, in a text run (which renders none).
    const card = teams(
      caseMessage('case.opened', {
        response: { score: 1, comment: '[click](https://evil.example)' },
      }),
    ).attachments[0].content;
    expect(card.body).toContainEqual({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: '“[click](https://evil.example)”', italic: true }],
    });
  });

  it('shows the first 200 characters of a comment on one line, never half an emoji', () => {
    // The 200th character is an emoji: two UTF-16 units, the second past the 200th unit.
    const long = `${'a'.repeat(150)}\n\n${'b'.repeat(48)}😀${'c'.repeat(50)}`;
    const quote = quoteOf(
      slack(caseMessage('case.opened', { response: { score: 2, comment: long } })),
    );
    expect(quote).toBe(`>${'a'.repeat(150)} ${'b'.repeat(48)}😀…`);
    expect(Array.from(quote.slice(1, -1))).toHaveLength(200);
    const exactly = 'x'.repeat(200);
    expect(
      quoteOf(slack(caseMessage('case.opened', { response: { score: 2, comment: exactly } }))),
    ).toBe(`>${exactly}`);
  });

  it('tells of a customer asking to be contacted, with no answer to show', () => {
    const body = slack(
      caseMessage('case.opened', { case: { source: 'contact_request' }, response: null }),
    );
    expect(body.text).toBe('A customer asked to be contacted: a new follow-up case');
    expect(slackTexts(body).some((text) => text.startsWith('*Score*'))).toBe(false);
    expect(slackTexts(body).some((text) => text.startsWith('>'))).toBe(false);
  });

  it('tells of an overdue case, with the deadline it missed and who has it', () => {
    const first = slack(caseMessage('case.overdue', { entry: { step: 'first_contact_overdue' } }));
    expect(first.text).toBe('A follow-up case is overdue: nobody has contacted the customer yet');
    expect(slackTexts(first)).toEqual(
      expect.arrayContaining([
        '*Assigned to*\nNobody yet',
        expect.stringContaining('*First contact due*'),
      ]),
    );
    const resolution = slack(
      caseMessage('case.overdue', {
        entry: { step: 'resolution_overdue' },
        case: { assignee: { id: 'u1', name: 'Anna Agent' } },
      }),
    );
    expect(resolution.text).toBe('A follow-up case is overdue: it is not resolved yet');
    expect(slackTexts(resolution)).toEqual(
      expect.arrayContaining([
        '*Assigned to*\nAnna Agent',
        expect.stringContaining('*Resolution due*'),
      ]),
    );
    // No comment in an overdue notice: it is the case that matters now.
    expect(slackTexts(resolution).some((text) => text.startsWith('>'))).toBe(false);
  });

  it("tells of a reply on a case nobody has taken; one with an assignee isn't the chat's", () => {
    expect(slack(caseMessage('case.reply_received')).text).toBe(
      'A customer replied on a case nobody has taken',
    );
    const assigned = caseMessage('case.reply_received', {
      case: { assignee: { id: 'u1', name: 'Anna Agent' } },
    });
    expect(chatMessageBody('slack', assigned, { publicBaseUrl: BASE })).toBeNull();
    expect(chatMessageBody('teams', assigned, { publicBaseUrl: BASE })).toBeNull();
  });

  it('posts the weekly digest headline with its figures and a link to the dashboard', () => {
    const headline: DigestHeadline = {
      from: '2026-11-30',
      to: '2026-12-07',
      title: "Acme & Co's week, 30 November – 6 December 2026",
      figures: [
        { name: 'Responses', value: '120', before: '98' },
        { name: 'NPS', value: '31.0', before: '–' },
      ],
      dashboardPath: '/console/dashboard?from=2026-11-30&to=2026-12-06',
    };
    const message = { id: 'evt_9', type: 'digest.weekly', occurredAt: '', data: { ...headline } };
    const body = slack(message);
    expect(slackTexts(body)).toEqual([
      "*Acme &amp; Co's week, 30 November – 6 December 2026*",
      '*Responses*\n120 (the week before: 98)',
      '*NPS*\n31.0 (the week before: –)',
    ]);
    expect(body.blocks.at(-1)!.elements![0]).toMatchObject({
      text: { text: 'Open the dashboard' },
      url: `${BASE}/console/dashboard?from=2026-11-30&to=2026-12-06`,
    });
    expect(teams(message).attachments[0].content.actions[0].url).toBe(
      `${BASE}/console/dashboard?from=2026-11-30&to=2026-12-06`,
    );
  });

  it('answers the test button, and nothing else chats are not told of', () => {
    const test = { id: 'evt_test_1', type: 'webhook.test', occurredAt: '', data: {} };
    expect(slack(test).text).toBe('A test message from Candor: this channel gets its alerts.');
    expect(
      chatMessageBody('slack', caseMessage('case.resolved'), { publicBaseUrl: BASE }),
    ).toBeNull();
  });
});
