import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { localeFor } from '../../common/i18n/locale';
import { longDate } from '../../common/i18n/long-date';
import { FailedLinkLookups, LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import type { PageContexts, PageName } from '../../common/templates/page-contexts';
import { PageRenderer } from '../../common/templates/page-renderer';
import {
  PRIVATE_PAGE_HEADERS,
  redirectPrivately,
  sendPrivatePage,
} from '../../common/templates/private-page';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../consent/consent-text.entity';
import { ConsentService } from '../consent/consent.service';
import type { Customer } from '../customers/customer.entity';
import type { Invitation } from '../invitations/invitation.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CustomerCases } from '../cases/customer-cases';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import { answersOfCustomer } from '../responses/customer-answers';
import { CustomerDataService } from './customer-data.service';
import { feedbackItems } from './your-feedback';
import type { PrivacyCenterView } from './privacy-pages';
import { PRIVACY_TEXTS } from './privacy-texts';
import { linkPath } from '../../common/links/survey-links';

/**
 * `/p/{token}`: "Your feedback", linked from every email and thank-you page. It shows what the
 * customer told us and what became of it (each case's status, what was done, the dialogue), lets
 * them write to the person on their case or say it is not resolved, shows their current consents
 * and lets them withdraw one (a single click, as easy as giving it), download everything held about
 * them, or be erased. GET never changes anything; every action is a POST.
 */
@ApiExcludeController()
@Allow('public')
@Controller('p')
@UseInterceptors(LinkLookupLimit)
export class PrivacyCenterController {
  constructor(
    private readonly data: CustomerDataService,
    private readonly invitations: InvitationsService,
    private readonly consent: ConsentService,
    private readonly pages: PageRenderer,
    private readonly linkLookups: FailedLinkLookups,
    private readonly customerCases: CustomerCases,
    private readonly caseSettings: CaseSettingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
  ) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    await this.center(reply, HttpStatus.OK, token, found, { done });
  }

  /** The customer writes to the person looking after their case. */
  @Post(':token/cases/:caseId/reply')
  async replyToCase(
    @Param('token') token: string,
    @Param('caseId') caseId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.caseAction(token, caseId, request, reply, 'replied');
  }

  /** "This is not resolved": the case goes back to its agent, with the customer's words. */
  @Post(':token/cases/:caseId/not-resolved')
  async notResolved(
    @Param('token') token: string,
    @Param('caseId') caseId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.caseAction(token, caseId, request, reply, 'reopened');
  }

  @Post(':token/withdraw')
  async withdraw(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const purpose = (request.body as Record<string, unknown> | undefined)?.purpose;
    const withdrawn =
      isPurpose(purpose) &&
      (await this.data.withdraw(found.customer.id, purpose, 'privacy_center', found.invitation.id));
    const page = linkPath('privacy', token);
    redirectPrivately(reply, withdrawn ? `${page}?done=withdrawn` : page);
  }

  private async caseAction(
    token: string,
    caseId: string,
    request: FastifyRequest,
    reply: FastifyReply,
    done: 'replied' | 'reopened',
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const t = PRIVACY_TEXTS[localeFor(found.customer.locale)];
    const field = (request.body as Record<string, unknown> | undefined)?.message;
    const message = typeof field === 'string' ? field.trim() : '';
    if (!UUID.test(caseId)) return this.notFound(reply);
    if (done === 'replied' && !message) {
      const error = { caseId, message: t.replyMissing };
      return this.center(reply, HttpStatus.BAD_REQUEST, token, found, { error });
    }
    const acted =
      done === 'replied'
        ? await this.customerCases.reply(found.customer.id, caseId, t.replySubject, message)
        : await this.customerCases.reopen(found.customer.id, caseId, t.notResolvedSubject, message);
    if (!acted) {
      const error = { caseId, message: t.caseEndedNotice };
      return this.center(reply, HttpStatus.CONFLICT, token, found, { error });
    }
    redirectPrivately(reply, `${linkPath('privacy', token)}?done=${done}#case-${caseId}`);
  }

  /** Everything held about the customer, as a JSON file (POST: link scanners never fetch it). */
  @Post(':token/data')
  async download(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const data = await this.data.exportData(found.customer.id);
    void reply
      .status(HttpStatus.OK)
      .headers(PRIVATE_PAGE_HEADERS)
      .header('content-disposition', 'attachment; filename="my-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  }

  @Post(':token/erase')
  async erase(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.find(token);
    if (!found) return this.notFound(reply);
    const locale = localeFor(found.customer.locale);
    if ((request.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
      const message = PRIVACY_TEXTS[locale].eraseConfirmMissing;
      return this.center(reply, HttpStatus.BAD_REQUEST, token, found, { eraseError: message });
    }
    await this.data.erase(found.customer.id);
    this.page(reply, HttpStatus.OK, 'privacy-erased', {
      lang: locale,
      t: PRIVACY_TEXTS[locale],
      company: this.config.companyName,
    });
  }

  private async center(
    reply: FastifyReply,
    status: number,
    token: string,
    { customer }: { customer: Customer },
    outcome: {
      done?: unknown;
      eraseError?: string;
      error?: { caseId: string; message: string };
    },
  ): Promise<void> {
    const locale = localeFor(customer.locale);
    const t = PRIVACY_TEXTS[locale];
    const [consents, answers, cases, { calendar }] = await Promise.all([
      this.consent.currentConsents(customer.id),
      answersOfCustomer(this.dataSource.manager, customer.id),
      this.customerCases.casesOf(customer.id),
      this.caseSettings.current(),
    ]);
    const notices: Record<string, string> = {
      withdrawn: t.withdrawnNotice,
      replied: t.repliedNotice,
      reopened: t.reopenedNotice,
    };
    const view: PrivacyCenterView = {
      lang: locale,
      t,
      company: this.config.companyName,
      notice: typeof outcome.done === 'string' ? (notices[outcome.done] ?? null) : null,
      feedback: feedbackItems(
        { locale, t, token, timeZone: calendar.timeZone },
        answers,
        cases,
        outcome.error ?? null,
      ),
      consents: consents.map((consent) => ({
        purpose: consent.purpose,
        label: t.purpose[consent.purpose],
        status:
          consent.action === 'granted'
            ? t.given(longDate(locale, consent.occurredAt), consent.textVersion)
            : t.withdrawn(longDate(locale, consent.occurredAt)),
        withdrawAction:
          consent.action === 'granted' ? linkPath('privacy', token, 'withdraw') : null,
      })),
      downloadUrl: linkPath('privacy', token, 'data'),
      eraseAction: linkPath('privacy', token, 'erase'),
      eraseError: outcome.eraseError ?? null,
    };
    this.page(reply, status, 'privacy-center', view);
  }

  private find(token: string): Promise<{ invitation: Invitation; customer: Customer } | null> {
    return this.invitations.findByLink(token);
  }

  /** 404, or 429 for an address that looked up too many unknown links. */
  private notFound(reply: FastifyReply): Promise<void> {
    return this.linkLookups.sendUnknownLinkPage(reply);
  }

  private page<P extends PageName>(
    reply: FastifyReply,
    status: number,
    page: P,
    view: PageContexts[P],
  ): void {
    sendPrivatePage(reply, status, this.pages.render(page, view));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isPurpose = (value: unknown): value is ConsentPurpose =>
  typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);
