import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Customer } from '../customers/customer.entity';
import type { ComposedEmail, EmailKindHandler } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailLocale, EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { SCALE_RANGE } from '../surveys/survey-definition';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { invitationToken } from './invitation-tokens';
import { Invitation } from './invitation.entity';
import { recordEvent } from './invitations.service';

const SCALE_LABELS: Record<EmailLocale, { low: string; high: string }> = {
  en: { low: 'Not at all satisfied', high: 'Very satisfied' },
  fi: { low: 'En lainkaan tyytyväinen', high: 'Erittäin tyytyväinen' },
};
const NPS_LABELS: Record<EmailLocale, { low: string; high: string }> = {
  en: { low: 'Not at all likely', high: 'Extremely likely' },
  fi: { low: 'En lainkaan todennäköisesti', high: 'Erittäin todennäköisesti' },
};
const CES_LABELS: Record<EmailLocale, { low: string; high: string }> = {
  en: { low: 'Very difficult', high: 'Very easy' },
  fi: { low: 'Erittäin vaikeaa', high: 'Erittäin helppoa' },
};
/** Invitations and reminders are still wanted only while the invitation is open. */
const OPEN: Invitation['status'][] = ['queued', 'sent', 'reminded'];

/** Composes invitation and reminder emails and applies their delivery outcomes to the invitation. */
@Injectable()
export class InvitationMail implements OnModuleInit {
  private readonly renderer = new EmailRenderer();

  constructor(
    private readonly sender: EmailSender,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const kind of ['invitation', 'reminder'] as const) {
      const handler: EmailKindHandler = {
        compose: (email) => this.compose(kind, email),
        onSent: (email, manager) => this.markSent(kind, email, manager),
        onBounced: (email, manager) => this.markBounced(email, manager),
      };
      this.sender.registerKind(kind, handler);
    }
  }

  private async compose(
    kind: 'invitation' | 'reminder',
    email: EmailMessage,
  ): Promise<ComposedEmail | null> {
    const invitation = await this.dataSource
      .getRepository(Invitation)
      .findOneBy({ id: email.invitationId ?? '' });
    if (!invitation || !OPEN.includes(invitation.status) || invitation.expiresAt <= new Date())
      return null;
    const [customer, version] = await Promise.all([
      this.dataSource.getRepository(Customer).findOneByOrFail({ id: invitation.customerId }),
      this.dataSource
        .getRepository(SurveyVersion)
        .findOneByOrFail({ id: invitation.surveyVersionId }),
    ]);
    const locale: EmailLocale = customer.locale.toLowerCase().startsWith('fi') ? 'fi' : 'en';
    const texts = version.texts[locale] ?? version.texts.en;
    const token = invitationToken(this.config.tokenSecret, invitation.id);
    const base = this.config.publicBaseUrl;
    const range = SCALE_RANGE[version.scale];
    const rendered = this.renderer.render(kind, {
      locale,
      companyName: this.config.companyName,
      customerName: customer.name,
      subject: kind === 'reminder' ? texts.reminderSubject : texts.emailSubject,
      intro: texts.emailIntro,
      scoreQuestion: texts.scoreQuestion,
      scoreLinks: Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i).map(
        (score) => ({
          score,
          url: `${base}/s/${token}?score=${score}`,
        }),
      ),
      scaleLabels: (version.scale === 'nps'
        ? NPS_LABELS
        : version.scale === 'ces7'
          ? CES_LABELS
          : SCALE_LABELS)[locale],
      surveyUrl: `${base}/s/${token}`,
      privacyUrl: `${base}/p/${token}`,
      unsubscribeUrl: `${base}/u/${token}`,
      expiresOn: new Intl.DateTimeFormat(locale === 'fi' ? 'fi-FI' : 'en-GB', {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(invitation.expiresAt),
    });
    const mailbox = /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom;
    return {
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: {
        // RFC 2369 + RFC 8058: one-click unsubscribe by POST to the https link, or by mail.
        'List-Unsubscribe': `<${base}/u/${token}>, <mailto:${mailbox}?subject=unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  private async markSent(
    kind: 'invitation' | 'reminder',
    email: EmailMessage,
    manager: EntityManager,
  ): Promise<void> {
    const id = email.invitationId!;
    if (kind === 'invitation') {
      await manager.update(
        Invitation,
        { id, status: 'queued' },
        { status: 'sent', sentAt: () => 'now()' },
      );
      await recordEvent(manager, id, 'sent');
    } else {
      await manager.update(Invitation, { id, status: In(['sent']) }, { status: 'reminded' });
      await recordEvent(manager, id, 'reminded');
    }
  }

  private async markBounced(email: EmailMessage, manager: EntityManager): Promise<void> {
    const id = email.invitationId!;
    await manager.update(
      Invitation,
      { id, status: In(OPEN) },
      { status: 'bounced', reason: 'bounced' },
    );
    await recordEvent(manager, id, 'bounced');
  }
}
