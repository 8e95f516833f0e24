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
import { Allow } from '../../../common/auth/allow.decorator';
import { localeFor } from '../../../common/i18n/locale';
import { FailedLinkLookups, LinkLookupLimit } from '../../../common/rate-limit/failed-link-lookups';
import { PageRenderer } from '../../../common/templates/page-renderer';
import {
  PRIVATE_PAGE_HEADERS,
  redirectPrivately,
  sendPrivatePage,
} from '../../../common/templates/private-page';
import { isJsonBody, wantsJson } from '../../../common/http/json-requests';
import { validationError } from '../../../common/validation/validation-error';
import { COMPANY_CONFIG, type CompanyConfig } from '../../../config/config-sections';
import { linkPath, SurveyLinks } from '../../../common/links/survey-links';
import { surveyPageView } from '../../responses/survey-page';
import type { ClosedPageView, FieldError, ThanksPageView } from '../../responses/survey-page.view';
import { SURVEY_PAGE_TEXTS } from '../../responses/survey-page-texts';
import {
  fieldsFromForm,
  fieldsFromJson,
  MalformedSubmission,
  type PostedFields,
  validateSubmission,
} from '../../responses/survey-submission';
import { CaseRecoveries, type RecoveryLink, type RecoveryTarget } from './case-recoveries';
import {
  malformedRecoveryAnswer,
  recoveryAlreadyAnswered,
  recoveryAsksNoConsent,
  recoveryClosed,
  recoveryNotFound,
} from './recovery.errors';
import { RECOVERY_TEXTS } from './recovery-texts';

/**
 * `/r/{token}`: the recovery survey. Laid out and checked like the survey page (`/s/{token}`),
 * without its consent step (the customer answers as themselves, in their own case) and without
 * the survey's questions: the score asks "did we make it right?", then the comment and the
 * preferences. GET only shows it (mail scanners follow links); POST answers, once. 404 for an
 * unknown link, 409 once answered, 410 when the case no longer waits for it (reopened, withdrawn,
 * resolved again since, or expired).
 */
@ApiExcludeController()
@Allow('public')
@Controller('r')
@UseInterceptors(LinkLookupLimit)
export class RecoveryPageController {
  constructor(
    private readonly recoveries: CaseRecoveries,
    private readonly pages: PageRenderer,
    private readonly linkLookups: FailedLinkLookups,
    @Inject(COMPANY_CONFIG) private readonly config: CompanyConfig,
    private readonly links: SurveyLinks,
  ) {}

  @Get(':token')
  async show(
    @Param('token') token: string,
    @Query('score') score: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const link = await this.recoveries.findLink(token);
    if (link.state !== 'open') return this.closed(reply, link, false);
    const fields: PostedFields = new Map();
    if (typeof score === 'string') fields.set('score', [score]);
    this.form(reply, HttpStatus.OK, token, link, fields, []);
  }

  @Post(':token')
  async submit(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const json = wantsJson(request);
    const link = await this.recoveries.findLink(token);
    if (link.state !== 'open') return this.closed(reply, link, json);
    let fields: PostedFields;
    try {
      fields = isJsonBody(request) ? fieldsFromJson(request.body) : fieldsFromForm(request.body);
    } catch (error) {
      if (!(error instanceof MalformedSubmission)) throw error;
      throw malformedRecoveryAnswer(error.message);
    }
    if (fields.has('consent') || fields.has('consentText')) {
      throw recoveryAsksNoConsent();
    }
    const locale = localeFor(link.locale);
    const version = { ...link.version, questions: [] };
    const result = validateSubmission(fields, version, SURVEY_PAGE_TEXTS[locale], {
      asksConsent: false,
    });
    if ('errors' in result) {
      if (json) throw validationError(result.errors);
      return this.form(reply, HttpStatus.BAD_REQUEST, token, link, fields, result.errors);
    }
    if (!(await this.recoveries.answer(link, result.submission))) {
      // A parallel submit (or the agent) got there first.
      return this.closed(reply, await this.recoveries.findLink(token), json);
    }
    const thanks = linkPath('recovery', token, 'thanks');
    if (json) {
      void reply.status(HttpStatus.CREATED).headers(PRIVATE_PAGE_HEADERS).send({
        status: 'answered',
        recovered: !result.submission.dissatisfied,
        thanksUrl: thanks,
      });
      return;
    }
    redirectPrivately(reply, thanks);
  }

  @Get(':token/thanks')
  async thanks(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const link = await this.recoveries.findLink(token);
    if (link.state === 'open') return redirectPrivately(reply, linkPath('recovery', token));
    if (link.state !== 'answered') return this.closed(reply, link, false);
    const locale = localeFor(link.locale);
    const view: ThanksPageView = {
      lang: locale,
      t: SURVEY_PAGE_TEXTS[locale],
      company: this.config.companyName,
      privacyUrl: this.privacyUrl(link),
      // Not made right, and back with its agent: say when they will hear from us.
      followUp:
        link.recovered === false && link.caseStatus === 'assigned'
          ? { firstContactHours: link.version.followUp.firstContactHours }
          : null,
      contactOffer: null,
      contactRequested: false,
    };
    sendPrivatePage(reply, HttpStatus.OK, this.pages.render('survey-thanks', view));
  }

  private form(
    reply: FastifyReply,
    status: number,
    token: string,
    link: RecoveryTarget,
    fields: PostedFields,
    errors: FieldError[],
  ): void {
    const locale = localeFor(link.locale);
    const texts = RECOVERY_TEXTS[locale];
    const survey = surveyPageView({
      locale,
      company: this.config.companyName,
      token,
      invitation: { touchpointType: null, touchpointReference: null, touchpointOccurredAt: null },
      version: { ...link.version, questions: [] },
      consentText: null,
      fields,
      errors,
    });
    const view = {
      ...survey,
      heading: texts.pageHeading,
      intro: texts.pageIntro,
      action: linkPath('recovery', token),
      privacyUrl: this.privacyUrl(link),
      score: { ...survey.score, question: texts.question },
    };
    sendPrivatePage(reply, status, this.pages.render('survey', view));
  }

  /**
   * Unknown (404, or 429 for an address that looked up too many unknown links), answered (409 for
   * a submit, a page for a visit), no longer open (410).
   */
  private async closed(reply: FastifyReply, link: RecoveryLink, json: boolean): Promise<void> {
    if (link.state === 'missing') {
      if (!json) return this.linkLookups.sendUnknownLinkPage(reply);
      return this.linkLookups.throwUnknownLink(reply.request, recoveryNotFound());
    }
    const answered = link.state === 'answered';
    if (json) {
      throw answered ? recoveryAlreadyAnswered() : recoveryClosed();
    }
    const locale = localeFor(link.locale);
    const view: ClosedPageView = {
      lang: locale,
      t: SURVEY_PAGE_TEXTS[locale],
      company: this.config.companyName,
      privacyUrl: this.privacyUrl(link),
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

  private privacyUrl(link: RecoveryTarget): string {
    return linkPath('privacy', this.links.invitationToken(link.invitationId));
  }
}
