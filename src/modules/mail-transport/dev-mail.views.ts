import type { CapturedMail } from './mail-catcher';

/** Context of `templates/pages/dev-mail.hbs`. */
export interface MailListView {
  hasMessages: boolean;
  messages: Array<{
    id: string;
    receivedAt: string;
    receivedAtText: string;
    to: string;
    subject: string;
  }>;
}

/** Context of `templates/pages/dev-mail-message.hbs`. */
export interface MailMessageView {
  id: string;
  subject: string;
  receivedAtText: string;
  envelopeFrom: string;
  envelopeTo: string;
  headers: Array<{ name: string; value: string }>;
  /** The document for the sandboxed iframe's srcdoc; the template escapes it. */
  html: string | null;
  text: string | null;
  /** Where a reply goes, when the email asks for replies somewhere. */
  replyTo: string | null;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'dev-mail': MailListView;
    'dev-mail-message': MailMessageView;
  }
}

export function toMailListView(mails: CapturedMail[]): MailListView {
  return {
    hasMessages: mails.length > 0,
    messages: mails.map((mail) => ({
      id: mail.id,
      receivedAt: mail.receivedAt,
      receivedAtText: readableTime(mail.receivedAt),
      to: mail.envelope.to.join(', '),
      subject: mail.subject || '(no subject)',
    })),
  };
}

export function toMailMessageView(mail: CapturedMail): MailMessageView {
  return {
    id: mail.id,
    subject: mail.subject || '(no subject)',
    receivedAtText: readableTime(mail.receivedAt),
    envelopeFrom: mail.envelope.from || '(null sender)',
    envelopeTo: mail.envelope.to.join(', '),
    headers: Object.entries(mail.headers).map(([name, value]) => ({ name, value })),
    // Links open in a new tab: inside the sandboxed frame they would load the target there.
    html: mail.html === null ? null : `<base target="_blank">${mail.html}`,
    text: mail.text,
    replyTo: mail.headers['reply-to'] ?? null,
  };
}

function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
