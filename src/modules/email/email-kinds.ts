import type { EntityManager } from 'typeorm';
import type { EmailKind, EmailMessage } from './email-message.entity';
import type { OutgoingMail } from '../mail/mail-transport';

/** The parts of an email its owning module composes; the sender adds recipient and Message-ID. */
export type ComposedEmail = Pick<OutgoingMail, 'subject' | 'html' | 'text' | 'headers' | 'replyTo'>;

/**
 * What the module that owns a kind of email (invitations own `invitation` and `reminder`) tells
 * the sender: how to compose it when it is sent, whether it is still wanted, and what a delivery
 * outcome means for its own rows. The email module stays ignorant of invitations and cases.
 */
export interface EmailKindHandler {
  /** Null: no longer wanted (answered, expired, withdrawn): the email is cancelled, not sent. */
  compose(email: EmailMessage): Promise<ComposedEmail | null>;
  onSent(email: EmailMessage, manager: EntityManager): Promise<void>;
  onBounced(email: EmailMessage, manager: EntityManager): Promise<void>;
}

export type EmailKindRegistry = Map<EmailKind, EmailKindHandler>;
