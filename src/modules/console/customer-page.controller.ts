import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { teamScope } from '../../common/auth/team-scope';
import { PageRenderer } from '../../common/templates/page-renderer';
import { sendPrivatePage } from '../../common/templates/private-page';
import { ExternalIdPipe } from '../../common/validation/external-id.pipe';
import { AuditedView } from '../audit/audited-view.decorator';
import { Customer360, type Customer360Dto } from '../customers/customer-360';
import type { EmailKind } from '../email/email-message.entity';
import { CustomersService } from '../customers/customers.service';
import { when } from './when';
import { withNav } from './console-nav';
import { PreferenceWords } from '../surveys/preference-words';
import { consentActionWords, consentPurposeWords, CONSOLE_LOCALE } from './case-words';

/** What each email was, in words. */
const CONTACT_KINDS: Record<EmailKind, string> = {
  invitation: 'Survey invitation',
  reminder: 'Survey reminder',
  thank_you: 'Thank-you after their answer',
  case_message: 'Email from an agent',
  recovery: '“Did we make it right?”',
  case_escalation: 'Escalation to a manager',
  case_assigned: 'Notice to an agent: a case assigned',
  customer_replied: 'Notice to an agent: the customer replied',
  unassigned_digest: 'Morning digest of unassigned cases',
  // Never to a customer; named for completeness.
  weekly_digest: 'Weekly digest to a manager',
  kpi_alerts: 'Alert to a manager: a figure crossed its target',
  topic_alerts: 'Alert to a manager: a topic spiked',
  webhook_disabled: 'Notice to an admin: a webhook endpoint was disabled',
};

function contactOutcome(contact: Customer360Dto['contacts'][number]): string {
  if (contact.status === 'sent') return `sent ${when(contact.sentAt!)}`;
  if (contact.status === 'queued') {
    return contact.sendAfter ? `scheduled for ${when(contact.sendAfter)}` : 'being sent';
  }
  return contact.status === 'failed' ? 'not delivered' : 'cancelled';
}

/**
 * The customer page: the 360 the API gives (`GET /api/v1/customers/{externalId}`), for people
 * at the console; reading it is an audited view of identified data, as there, and team-scoped
 * like the cases it comes from.
 */
@ApiExcludeController()
@Allow(...STAFF)
@Controller('console/customers')
export class CustomerPageController {
  constructor(
    private readonly customers: CustomersService,
    private readonly customer360: Customer360,
    private readonly pages: PageRenderer,
    private readonly preferenceWords: PreferenceWords,
  ) {}

  @Get(':externalId')
  @AuditedView('customer.viewed')
  async show(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @CurrentPrincipal() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // An agent sees customers of their team's cases and unrouted ones: others are a 404 page.
    const customer = await this.customers.findByExternalId(externalId, user);
    request.auditSubject = customer.id;
    const [view, words] = await Promise.all([
      this.customer360.of(customer.id, teamScope(user)),
      this.preferenceWords.labeller(CONSOLE_LOCALE),
    ]);
    sendPrivatePage(
      reply,
      200,
      this.pages.render(
        'console-customer',
        withNav(
          {
            customer: view,
            title: view?.name ?? externalId,
            attributes: Object.entries(view?.attributes ?? {}).map(([name, value]) => ({
              name,
              value: typeof value === 'string' ? value : JSON.stringify(value),
            })),
            consents: (view?.consents ?? []).map((consent) => ({
              ...consent,
              purpose: consentPurposeWords(consent.purpose),
              action: consentActionWords(consent.action),
              at: when(consent.at),
            })),
            preferences: (view?.preferences ?? []).map((preference) => ({
              context: words('contexts', preference.context),
              channel: preference.channel && words('channels', preference.channel),
              contactTime: preference.contactTime && words('contactTimes', preference.contactTime),
              interests: preference.interests.map((value) => words('interests', value)).join(', '),
              updatedAt: when(preference.updatedAt),
            })),
            responses: (view?.responses ?? []).map((response) => ({
              ...response,
              at: when(response.at),
            })),
            cases: (view?.cases ?? []).map((item) => ({
              ...item,
              openedAt: when(item.openedAt),
              resolvedAt: item.resolvedAt ? when(item.resolvedAt) : null,
            })),
            invitations: (view?.invitations ?? []).map((invitation) => ({
              ...invitation,
              touchpoint: [
                [invitation.touchpoint.type, invitation.touchpoint.reference]
                  .filter(Boolean)
                  .join(' '),
                invitation.touchpoint.location,
                invitation.touchpoint.channel,
                invitation.touchpoint.staff?.name,
              ]
                .filter(Boolean)
                .join(' · '),
              sendAt: when(invitation.sendAt),
            })),
            contacts: (view?.contacts ?? []).map((contact) => ({
              what: CONTACT_KINDS[contact.kind as EmailKind] ?? contact.kind,
              outcome: contactOutcome(contact),
              queuedAt: when(contact.queuedAt),
              unsolicited: contact.unsolicited,
            })),
          },
          user,
          'queue',
        ),
      ),
    );
  }
}
