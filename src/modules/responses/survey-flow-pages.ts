import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isJsonBody, wantsJson } from '../../common/http/json-requests';
import { linkPath } from '../../common/links/survey-links';
import { FailedLinkLookups } from '../../common/rate-limit/failed-link-lookups';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { PageRenderer } from '../../common/templates/page-renderer';
import {
  PRIVATE_PAGE_HEADERS,
  redirectPrivately,
  sendPrivatePage,
} from '../../common/templates/private-page';
import { validationError } from '../../common/validation/validation-error';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import { tooManySubmits } from './responses.errors';
import type { FlowLink, FlowQuery, FoundFlowLink, PostedForm, SurveyFlow } from './survey-flow';
import type { ClosedPageView, SurveyPageFrame } from './survey-page.view';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';
import {
  fieldsFromForm,
  fieldsFromJson,
  MalformedSubmission,
  type PostedFields,
} from './survey-submission';

/**
 * The pages of every survey flow (`SurveyFlow`), under the flow's link path. GET (and HEAD) only
 * show the form — mail scanners follow links — with the score from the email's button
 * pre-selected; POST is the only thing that records an answer, once. Form posts get pages (303 to
 * the thank-you page, or the form again with messages); requests that accept JSON get JSON with
 * the API's error shape. An unknown link is 404 (429 for an address that looked up too many),
 * an answered one 409 for a submit and a page for a visit, a closed one 410.
 */
@Injectable()
export class SurveyFlowPages {
  constructor(
    private readonly pages: PageRenderer,
    private readonly limiter: RateLimiter,
    private readonly linkLookups: FailedLinkLookups,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
  ) {}

  async show<T>(flow: SurveyFlow<T>, token: string, score: unknown, reply: FastifyReply) {
    const link = await flow.find(token);
    if (link.state !== 'open') return this.closed(flow, reply, link, false);
    const fields = flow.knownFields ? await flow.knownFields(link) : new Map<string, string[]>();
    if (typeof score === 'string') fields.set('score', [score]);
    this.form(flow, reply, HttpStatus.OK, token, link, { fields, errors: [] });
  }

  async submit<T>(
    flow: SurveyFlow<T>,
    token: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const json = wantsJson(request);
    const link = await flow.find(token);
    if (link.state !== 'open') return this.closed(flow, reply, link, json);
    let fields: PostedFields;
    try {
      fields = isJsonBody(request) ? fieldsFromJson(request.body) : fieldsFromForm(request.body);
    } catch (error) {
      if (!(error instanceof MalformedSubmission)) throw error;
      // Not a form a browser sends: answered in JSON, as the API's errors.
      await this.overLimit(flow, reply, token, link, true);
      throw flow.errors.malformed(error.message);
    }
    const checked = flow.check(fields, link);
    if ('errors' in checked) {
      await flow.refused?.(fields, link);
      if (await this.overLimit(flow, reply, token, link, json)) return;
      if (json) throw validationError(checked.errors);
      return this.form(flow, reply, HttpStatus.BAD_REQUEST, token, link, { fields, ...checked });
    }
    const answer = await flow.answer(token, link, checked.submission);
    // Losing the race to a parallel submit is not a failure of the customer's: no limit.
    if (!answer.answered) return this.closed(flow, reply, answer.now, json);
    if (!json) return redirectPrivately(reply, answer.thanksUrl);
    void reply
      .status(HttpStatus.CREATED)
      .headers(PRIVATE_PAGE_HEADERS)
      .send({ status: 'answered', ...answer.result, thanksUrl: answer.thanksUrl });
  }

  async thanks<T>(flow: SurveyFlow<T>, token: string, query: FlowQuery, reply: FastifyReply) {
    const link = await flow.find(token);
    if (link.state === 'open') return redirectPrivately(reply, linkPath(flow.options.page, token));
    if (link.state !== 'answered') return this.closed(flow, reply, link, false);
    const view = { ...this.frame(link), ...(await flow.thanks(token, link, query)) };
    sendPrivatePage(reply, HttpStatus.OK, this.pages.render('survey-thanks', view));
  }

  /**
   * A link that is not open: unknown (404, or 429 for an address that looked up too many unknown
   * links), closed (410) or already answered (409 for a submit, a page for a visit).
   */
  async closed<T>(
    flow: SurveyFlow<T>,
    reply: FastifyReply,
    link: FlowLink<T>,
    json: boolean,
  ): Promise<void> {
    if (link.state === 'missing') {
      if (!json) return this.linkLookups.sendUnknownLinkPage(reply);
      return this.linkLookups.throwUnknownLink(reply.request, flow.errors.notFound());
    }
    const answered = link.state === 'answered';
    if (json) throw answered ? flow.errors.alreadyAnswered() : flow.errors.closed();
    const view: ClosedPageView = {
      ...this.frame(link),
      answered,
      expired: !answered,
      tooMany: false,
    };
    const status = !answered
      ? HttpStatus.GONE
      : reply.request.method === 'POST'
        ? HttpStatus.CONFLICT
        : HttpStatus.OK;
    sendPrivatePage(reply, status, this.pages.render('survey-closed', view));
  }

  /**
   * Counts a failed submit against the link, when the flow limits them. Over the limit: a 429 in
   * JSON (thrown), or a page for a form post (sent; answers true, so the caller stops).
   */
  async overLimit<T>(
    flow: SurveyFlow<T>,
    reply: FastifyReply,
    token: string,
    link: FoundFlowLink<T>,
    json: boolean,
  ): Promise<boolean> {
    const limit = flow.options.failedSubmitLimit;
    if (!limit) return false;
    const verdict = await this.limiter.hit(
      this.limiter.key('survey-submit', token),
      limit.perLink,
      limit.windowSeconds,
    );
    if (verdict.allowed) return false;
    if (json) throw tooManySubmits(verdict.retryAfterSeconds);
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    const view: ClosedPageView = {
      ...this.frame(link),
      answered: false,
      expired: false,
      tooMany: true,
    };
    sendPrivatePage(reply, HttpStatus.TOO_MANY_REQUESTS, this.pages.render('survey-closed', view));
    return true;
  }

  private form<T>(
    flow: SurveyFlow<T>,
    reply: FastifyReply,
    status: number,
    token: string,
    link: FoundFlowLink<T>,
    posted: PostedForm,
  ): void {
    const view = flow.form(token, link, this.frame(link), posted);
    sendPrivatePage(reply, status, this.pages.render('survey', view));
  }

  private frame(link: FoundFlowLink<unknown>): SurveyPageFrame {
    return {
      lang: link.locale,
      t: SURVEY_PAGE_TEXTS[link.locale],
      company: this.config.companyName,
      privacyUrl: link.privacyUrl,
    };
  }
}
