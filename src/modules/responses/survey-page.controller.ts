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
import { isJsonBody, wantsJson } from '../../common/http/json-requests';
import { FailedLinkLookups, LinkLookupLimit } from '../../common/rate-limit/failed-link-lookups';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { PageRenderer } from '../../common/templates/page-renderer';
import {
  PRIVATE_PAGE_HEADERS,
  redirectPrivately,
  sendPrivatePage,
} from '../../common/templates/private-page';
import { validationError } from '../../common/validation/validation-error';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { ConsentService } from '../consent/consent.service';
import {
  alreadyAnswered,
  malformedAnswer,
  surveyExpired,
  surveyLinkNotFound,
  tooManySubmits,
} from './responses.errors';
import { type FoundLink, ResponsesService, type SurveyLink } from './responses.service';
import { surveyPageView } from './survey-page';
import type { ClosedPageView, FieldError, ThanksPageView } from './survey-page.view';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';
import {
  fieldsFromForm,
  fieldsFromJson,
  MalformedSubmission,
  type PostedFields,
  validateSubmission,
} from './survey-submission';
import { linkPath } from '../../common/links/survey-links';

/**
 * Failed submits per link per window: plenty for a person correcting a form, little for a script.
 * Only failures count, so a good submit costs no limiter query, and one proxy's many customers
 * never share a limit.
 */
const SUBMITS_PER_LINK = 20;
const SUBMIT_WINDOW_SECONDS = 600;

/**
 * `/s/{token}`: the survey page. GET (and HEAD) only show it — mail scanners follow links — with
 * the score from the email's button pre-selected; POST is the only thing that records an answer.
 * Form posts get pages (303 to the thank-you page, or the form again with messages); requests
 * that accept JSON get JSON with the API's error shape.
 */
@ApiExcludeController()
@Allow('public')
@Controller('s')
@UseInterceptors(LinkLookupLimit)
export class SurveyPageController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly consent: ConsentService,
    private readonly pages: PageRenderer,
    private readonly limiter: RateLimiter,
    private readonly linkLookups: FailedLinkLookups,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
  ) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('score') score: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const link = await this.responses.findLink(token);
    if (link.state !== 'open') return this.closed(reply, token, link, false);
    const fields: PostedFields = new Map();
    if (typeof score === 'string') fields.set('score', [score]);
    this.surveyForm(reply, HttpStatus.OK, token, link, fields, []);
  }

  @Post(':token')
  async submit(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const json = wantsJson(request);
    const link = await this.responses.findLink(token);
    if (link.state !== 'open') return this.closed(reply, token, link, json);

    let fields: PostedFields;
    try {
      fields = isJsonBody(request) ? fieldsFromJson(request.body) : fieldsFromForm(request.body);
    } catch (error) {
      if (!(error instanceof MalformedSubmission)) throw error;
      // Not a form a browser sends: answered in JSON, as the API's errors.
      await this.overLimit(reply, token, link, true);
      throw malformedAnswer(error.message);
    }
    const locale = localeFor(link.customer.locale);
    const result = validateSubmission(fields, link.version, SURVEY_PAGE_TEXTS[locale], {
      asksConsent: true,
      acceptableConsentText: (id) =>
        this.consent.acceptableText(id, 'identified_feedback') !== null,
    });
    if ('errors' in result) {
      if (await this.overLimit(reply, token, link, json)) return;
      if (json) throw validationError(result.errors);
      return this.surveyForm(reply, HttpStatus.BAD_REQUEST, token, link, fields, result.errors);
    }

    const { submission } = result;
    const outcome = await this.responses.submit(link.invitation, link.version, submission);
    if (outcome.outcome !== 'answered') {
      // Losing the race to a parallel submit is not a failure of the customer's: no limit.
      const state = outcome.outcome === 'expired' ? 'expired' : 'answered';
      return this.closed(reply, token, { ...link, state }, json);
    }
    const offer = submission.consent === 'anonymous' && submission.dissatisfied;
    const thanks = `${linkPath('survey', token, 'thanks')}${offer ? '?offer=contact' : ''}`;
    if (json) {
      void reply
        .status(HttpStatus.CREATED)
        .headers(PRIVATE_PAGE_HEADERS)
        .send({
          status: 'answered',
          identified: submission.consent === 'identified',
          dissatisfied: submission.dissatisfied,
          thanksUrl: thanks,
        });
      return;
    }
    redirectPrivately(reply, thanks);
  }

  @Get(':token/thanks')
  async thanks(
    @Param('token') token: string,
    @Query('offer') offer: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const link = await this.responses.findLink(token);
    if (link.state === 'open') {
      redirectPrivately(reply, linkPath('survey', token));
      return;
    }
    if (link.state !== 'answered') return this.closed(reply, token, link, false);
    const locale = localeFor(link.customer.locale);
    const response = await this.responses.identifiedResponse(link.invitation.id);
    const contactRequested = await this.responses.contactRequested(link.invitation.id);
    const contactText = this.consent.currentText('future_contact', locale);
    const view: ThanksPageView = {
      lang: locale,
      t: SURVEY_PAGE_TEXTS[locale],
      company: this.config.companyName,
      privacyUrl: linkPath('privacy', token),
      followUp: response?.dissatisfied
        ? { firstContactHours: link.version.followUp.firstContactHours }
        : null,
      // Only the customer's own browser knows an anonymous answer was unhappy (the query string).
      contactOffer:
        !response && offer === 'contact' && !contactRequested
          ? {
              action: linkPath('survey', token, 'contact'),
              consentTextId: contactText.id,
              paragraphs: contactText.paragraphs,
            }
          : null,
      contactRequested: !response && contactRequested,
    };
    this.page(reply, HttpStatus.OK, 'survey-thanks', view);
  }

  /** After an anonymous, unhappy answer: "contact me about this after all" (a new consent). */
  @Post(':token/contact')
  async requestContact(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const link = await this.responses.findLink(token);
    if (link.state === 'open') return redirectPrivately(reply, linkPath('survey', token));
    if (link.state !== 'answered') return this.closed(reply, token, link, false);
    if (await this.overLimit(reply, token, link, false)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text =
      typeof body.consentText === 'string'
        ? this.consent.acceptableText(body.consentText, 'future_contact')
        : null;
    if (body.contactConsent !== 'yes' || !text) {
      // Nothing ticked (or a stale text): show the offer again.
      redirectPrivately(reply, `${linkPath('survey', token, 'thanks')}?offer=contact`);
      return;
    }
    if (!(await this.responses.identifiedResponse(link.invitation.id))) {
      await this.responses.requestContact(link.invitation, link.customer, text.id);
    }
    redirectPrivately(reply, linkPath('survey', token, 'thanks'));
  }

  private surveyForm(
    reply: FastifyReply,
    status: number,
    token: string,
    link: FoundLink,
    fields: PostedFields,
    errors: FieldError[],
  ): void {
    const locale = localeFor(link.customer.locale);
    const view = surveyPageView({
      locale,
      company: this.config.companyName,
      token,
      invitation: link.invitation,
      version: link.version,
      consentText: this.consent.currentText('identified_feedback', locale),
      fields,
      errors,
    });
    this.page(reply, status, 'survey', view);
  }

  /**
   * Unknown (404, or 429 for an address that looked up too many unknown links), expired (410) or
   * already answered (409 for a submit, a page for a visit).
   */
  private async closed(
    reply: FastifyReply,
    token: string,
    link: SurveyLink,
    json: boolean,
  ): Promise<void> {
    if (link.state === 'missing') {
      if (!json) return this.linkLookups.sendUnknownLinkPage(reply);
      return this.linkLookups.throwUnknownLink(reply.request, surveyLinkNotFound());
    }
    const expired = link.state === 'expired';
    if (json) {
      throw expired ? surveyExpired() : alreadyAnswered();
    }
    const view: ClosedPageView = { ...this.closedView(token, link), answered: !expired, expired };
    const status = expired
      ? HttpStatus.GONE
      : reply.request.method === 'POST'
        ? HttpStatus.CONFLICT
        : HttpStatus.OK;
    this.page(reply, status, 'survey-closed', view);
  }

  /**
   * Counts a failed submit against the link. Over the limit: a 429 in JSON (thrown), or a page
   * for a form post (sent; answers true, so the caller stops).
   */
  private async overLimit(
    reply: FastifyReply,
    token: string,
    link: FoundLink,
    json: boolean,
  ): Promise<boolean> {
    const verdict = await this.limiter.hit(
      this.limiter.key('survey-submit', token),
      SUBMITS_PER_LINK,
      SUBMIT_WINDOW_SECONDS,
    );
    if (verdict.allowed) return false;
    if (json) throw tooManySubmits(verdict.retryAfterSeconds);
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    this.page(reply, HttpStatus.TOO_MANY_REQUESTS, 'survey-closed', {
      ...this.closedView(token, link),
      tooMany: true,
    });
    return true;
  }

  private closedView(token: string, link: FoundLink): ClosedPageView {
    const locale = localeFor(link.customer.locale);
    return {
      lang: locale,
      t: SURVEY_PAGE_TEXTS[locale],
      company: this.config.companyName,
      privacyUrl: linkPath('privacy', token),
      answered: false,
      expired: false,
      tooMany: false,
    };
  }

  private page(reply: FastifyReply, status: number, page: string, view: object): void {
    sendPrivatePage(reply, status, this.pages.render(page, view));
  }
}
