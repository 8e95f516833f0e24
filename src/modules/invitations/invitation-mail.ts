import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DEFAULT_LOCALE, localeFor } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  MAIL_CONFIG,
  type MailConfig,
} from '../../config/config-sections';
import { Customer } from '../customers/customer.entity';
import type { ComposedEmail, EmailKindHandler } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { SCALE_END_LABELS } from '../surveys/scale-labels';
import { estimatedMinutes } from '../surveys/survey-duration';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { SurveyLinks } from '../../common/links/survey-links';
import { Invitation, OPEN_INVITATION_STATUSES } from './invitation.entity';
import { recordInvitationEvent, recordInvitationEvents } from './invitation-timeline';
import { returningRows } from '../../common/database/returning-rows';

/** Matches no row: an email without an invitation has nothing to load. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Composes invitation and reminder emails and applies their delivery outcomes to the invitation. */
@Injectable()
export class InvitationMail implements OnModuleInit {
  constructor(
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(MAIL_CONFIG) private readonly mail: MailConfig,
    private readonly links: SurveyLinks,
  ) {}

  onModuleInit(): void {
    for (const kind of ['invitation', 'reminder'] as const) {
      const handler: EmailKindHandler = {
        compose: (emails) => this.compose(kind, emails),
        onSent: (emails, manager) => this.markSent(kind, emails, manager),
        onBounced: (email, manager) => this.markBounced(email, manager),
      };
      this.sender.registerKind(kind, handler);
    }
  }

  /** Loads every email's invitation, customer and survey version in three queries. */
  private async compose(
    kind: 'invitation' | 'reminder',
    emails: EmailMessage[],
  ): Promise<Map<string, ComposedEmail | null>> {
    const invitations = await this.dataSource
      .getRepository(Invitation)
      .findBy({ id: In(emails.map((email) => email.invitationId ?? NO_ID)) });
    const [customers, versions] = await Promise.all([
      this.dataSource
        .getRepository(Customer)
        .findBy({ id: In(invitations.map((invitation) => invitation.customerId)) }),
      this.dataSource
        .getRepository(SurveyVersion)
        .findBy({ id: In([...new Set(invitations.map((i) => i.surveyVersionId))]) }),
    ]);
    const invitationById = new Map(invitations.map((invitation) => [invitation.id, invitation]));
    const customerById = new Map(customers.map((customer) => [customer.id, customer]));
    const versionById = new Map(versions.map((version) => [version.id, version]));
    const now = new Date();
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const invitation = invitationById.get(email.invitationId ?? NO_ID);
      const open =
        invitation &&
        (OPEN_INVITATION_STATUSES as readonly string[]).includes(invitation.status) &&
        invitation.expiresAt > now;
      const customer = invitation && customerById.get(invitation.customerId ?? NO_ID);
      const version = invitation && versionById.get(invitation.surveyVersionId);
      composed.set(
        email.id,
        open && customer && version ? this.render(kind, invitation, customer, version) : null,
      );
    }
    return composed;
  }

  private render(
    kind: 'invitation' | 'reminder',
    invitation: Invitation,
    customer: Customer,
    version: SurveyVersion,
  ): ComposedEmail {
    const locale = localeFor(customer.locale);
    const texts = version.texts[locale] ?? version.texts[DEFAULT_LOCALE];
    const token = this.links.invitationToken(invitation.id);
    const range = SCALE_RANGE[version.scale];
    const rendered = this.renderer.render(kind, {
      locale,
      companyName: this.company.companyName,
      customerName: customer.name,
      subject: kind === 'reminder' ? texts.reminderSubject : texts.emailSubject,
      intro: texts.emailIntro,
      scoreQuestion: texts.scoreQuestion,
      scoreLinks: this.links.scoreLinks('survey', token, range),
      scaleLabels: SCALE_END_LABELS[version.scale][locale],
      surveyUrl: this.links.url('survey', token),
      ...this.links.customerEmailLinks(invitation.id),
      expiresOn: longDate(locale, invitation.expiresAt),
      minutes: estimatedMinutes(version, { asksConsent: true }),
    });
    const mailbox = /<([^>]+)>/.exec(this.mail.mailFrom)?.[1] ?? this.mail.mailFrom;
    return {
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: {
        // RFC 2369 + RFC 8058: one-click unsubscribe by POST to the https link, or by mail.
        'List-Unsubscribe': `<${this.links.url('unsubscribe', token)}>, <mailto:${mailbox}?subject=unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  /** Moves the invitations on (those still in the expected state) and records it on each timeline. */
  private async markSent(
    kind: 'invitation' | 'reminder',
    emails: EmailMessage[],
    manager: EntityManager,
  ): Promise<void> {
    const ids = emails.map((email) => email.invitationId ?? NO_ID);
    const moved =
      kind === 'invitation'
        ? await returningRows<{ id: string }>(
            manager,
            `UPDATE invitations SET status = 'sent', sent_at = now()
             WHERE id = ANY($1::uuid[]) AND status = 'queued' RETURNING id`,
            [ids],
          )
        : await returningRows<{ id: string }>(
            manager,
            `UPDATE invitations SET status = 'reminded'
             WHERE id = ANY($1::uuid[]) AND status = 'sent' RETURNING id`,
            [ids],
          );
    if (moved.length === 0) return;
    await recordInvitationEvents(
      manager,
      moved.map((row) => ({
        invitationId: row.id,
        type: kind === 'invitation' ? 'sent' : 'reminded',
      })),
    );
  }

  private async markBounced(email: EmailMessage, manager: EntityManager): Promise<void> {
    const id = email.invitationId!;
    await manager.update(
      Invitation,
      { id, status: In([...OPEN_INVITATION_STATUSES]) },
      { status: 'bounced', reason: 'bounced' },
    );
    await recordInvitationEvent(manager, id, 'bounced');
  }
}
