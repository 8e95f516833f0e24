import type { EntityManager } from 'typeorm';
import type { EmailKind, EmailMessage } from './email-message.entity';
import type { OutgoingMail } from '../mail-transport/mail-transport';

/** The parts of an email its owning module composes; the sender adds recipient and Message-ID. */
export type ComposedEmail = Pick<
  OutgoingMail,
  'subject' | 'html' | 'text' | 'headers' | 'replyTo' | 'inReplyTo' | 'references'
>;

/**
 * What the module that owns a kind of email (invitations own `invitation` and `reminder`) tells
 * the sender: how to compose it when it is sent, whether it is still wanted, and what a delivery
 * outcome means for its own rows. The email module stays ignorant of invitations and cases.
 * The sender works a fetched batch at a time, so composing and marking sent take many emails.
 */
export interface EmailKindHandler {
  /**
   * By email id: the composed email, or null when it is no longer wanted (answered, expired,
   * withdrawn), so it is cancelled rather than sent.
   */
  compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>>;
  /** What a sent email means for the owner's rows (nothing, when absent). */
  onSent?(emails: EmailMessage[], manager: EntityManager): Promise<void>;
  /**
   * What a bounce means for the owner's rows: the relay refused this email for good, either its
   * address (which the sender suppresses) or the message itself (content, size).
   */
  onBounced?(email: EmailMessage, manager: EntityManager): Promise<void>;
}

export type EmailKindRegistry = Map<EmailKind, EmailKindHandler>;
