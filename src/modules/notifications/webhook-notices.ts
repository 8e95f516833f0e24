import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events';
import {
  COMPANY_CONFIG,
  type CompanyConfig,
  PUBLIC_URL_CONFIG,
  type PublicUrlConfig,
} from '../../config/config-sections';
import type { ComposedEmail } from '../email/email-kinds';
import type { EmailMessage } from '../email/email-message.entity';
import { EmailRenderer } from '../email/email-renderer';
import { EmailSender } from '../email/email-sender';
import { UsersService } from '../users/users.service';
import type { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';
import { WebhookEndpoints } from '../webhooks/webhook-endpoints.service';
import { Notifier } from './notifier';

/** What a notice of a disabled endpoint keeps (`notifications.detail`), as it was then. */
export interface WebhookDisabledDetail {
  endpointId: string;
  reason: 'gone' | 'failing';
  /** The URL's host alone: a chat's incoming-webhook URL is its secret. */
  host: string;
  description: string;
}

const WHY: Record<WebhookDisabledDetail['reason'], string> = {
  gone: 'it answered 410 Gone (its receiver says it is no longer there)',
  failing: 'every delivery to it failed for 24 hours',
};

/** "The webhook endpoint at hooks.slack.com (Support channel) was disabled: it answered 410 Gone…" */
export function webhookDisabledSentence(detail: WebhookDisabledDetail): string {
  const which = detail.description ? `${detail.host} (${detail.description})` : detail.host;
  return `The webhook endpoint at ${which} was disabled: ${WHY[detail.reason]}.`;
}

/** The endpoint's page in the admin console, where it is enabled again. */
export function webhookEndpointPath(detail: WebhookDisabledDetail): string {
  return `/console/admin/webhooks/${detail.endpointId}`;
}

/**
 * Tells every active admin when a webhook endpoint is disabled by what it answered
 * (`webhook.disabled`: 410 Gone, or a day of failures), at the console and by email, each once
 * however often the event is delivered (the key is the endpoint's disabling and the admin). An
 * endpoint deleted or enabled again by then tells no one. The email is composed when sent, from
 * what the notification kept.
 */
@Injectable()
export class WebhookNotices implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly users: UsersService,
    private readonly endpoints: WebhookEndpoints,
    private readonly notifier: Notifier,
    private readonly sender: EmailSender,
    private readonly renderer: EmailRenderer,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
    @Inject(PUBLIC_URL_CONFIG) private readonly publicUrl: PublicUrlConfig,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('webhook.disabled', 'notifications', async (event) => {
      await this.endpointDisabled(event);
    });
    this.sender.registerKind('webhook_disabled', { compose: (emails) => this.compose(emails) });
  }

  /** How many admins were told now. */
  async endpointDisabled(event: { endpointId: string; reason: 'gone' | 'failing' }) {
    const endpoint = await this.stillDisabled(event.endpointId);
    if (!endpoint) return 0;
    const detail: WebhookDisabledDetail = {
      endpointId: endpoint.id,
      reason: event.reason,
      host: new URL(endpoint.url).host,
      description: endpoint.description,
    };
    const admins = (await this.users.listUsers()).filter(
      (user) => user.role === 'admin' && !user.disabled,
    );
    return this.dataSource.transaction(async (manager) => {
      let told = 0;
      for (const admin of admins) {
        const isNew = await this.notifier.notify(manager, {
          userId: admin.id,
          recipient: admin.email,
          kind: 'webhook_disabled',
          dedupeKey: `webhook_disabled:${endpoint.id}:${endpoint.disabledAt!.toISOString()}:${admin.id}`,
          detail: { ...detail },
        });
        if (isNew) told += 1;
      }
      return told;
    });
  }

  private async stillDisabled(id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.endpoints.find(id).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'webhook_endpoint_not_found') return null;
      throw error;
    });
    return endpoint && !endpoint.enabled && endpoint.disabledAt ? endpoint : null;
  }

  private async compose(emails: EmailMessage[]): Promise<Map<string, ComposedEmail | null>> {
    const told = await this.dataSource.query<{ email_id: string; detail: WebhookDisabledDetail }[]>(
      `SELECT email_id, detail FROM notifications WHERE email_id = ANY($1::uuid[])`,
      [emails.map((email) => email.id)],
    );
    const composed = new Map<string, ComposedEmail | null>();
    for (const email of emails) {
      const detail = told.find((row) => row.email_id === email.id)?.detail;
      composed.set(email.id, detail ? this.notice(detail) : null);
    }
    return composed;
  }

  private notice(detail: WebhookDisabledDetail): ComposedEmail {
    return this.renderer.render('manager-alert', {
      companyName: this.company.companyName,
      subject: `A webhook endpoint was disabled: ${detail.host}`,
      lines: [
        webhookDisabledSentence(detail),
        'Nothing is sent to it until an admin enables it again. Its delivery log shows what it answered.',
      ],
      linkUrl: `${this.publicUrl.publicBaseUrl}${webhookEndpointPath(detail)}`,
      linkText: 'Open the endpoint',
      settingsUrl: `${this.publicUrl.publicBaseUrl}/console/settings`,
    });
  }
}
