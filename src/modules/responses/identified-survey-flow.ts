import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { recordFunnelStep } from '../invitations/invitation-funnel';
import { localeFor } from '../../common/i18n/locale';
import { linkPath } from '../../common/links/survey-links';
import { ConsentService } from '../consent/consent.service';
import {
  alreadyAnswered,
  malformedAnswer,
  surveyExpired,
  surveyLinkNotFound,
} from './responses.errors';
import { FollowUpPromises } from './follow-up-promises';
import { type FoundLink, ResponsesService } from './responses.service';
import type {
  FlowAnswer,
  FlowLink,
  FlowQuery,
  FlowThanks,
  FoundFlowLink,
  PostedForm,
  SurveyFlow,
} from './survey-flow';
import { surveyPageView } from './survey-page';
import type { SurveyPageFrame, SurveyPageView } from './survey-page.view';
import { SURVEY_PAGE_TEXTS } from './survey-page-texts';
import {
  type PostedFields,
  type SubmissionCheck,
  validateSubmission,
  type ValidSubmission,
} from './survey-submission';

/**
 * The survey an invitation asks (`/s/{token}`): the consent step (as oneself or anonymously), the
 * score, the survey's questions, the comment and the preferences. An anonymous, unhappy answer is
 * offered contact on the thank-you page (`SurveyContactController`).
 */
@Injectable()
export class IdentifiedSurveyFlow implements SurveyFlow<FoundLink> {
  readonly options = {
    page: 'survey',
    // Plenty for a person correcting a form, little for a script; one proxy's many customers
    // never share it, as it is per link.
    failedSubmitLimit: { perLink: 20, windowSeconds: 600 },
  } as const;

  readonly errors = {
    notFound: surveyLinkNotFound,
    alreadyAnswered,
    closed: surveyExpired,
    malformed: malformedAnswer,
  };

  constructor(
    private readonly responses: ResponsesService,
    private readonly consent: ConsentService,
    private readonly promises: FollowUpPromises,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async find(token: string): Promise<FlowLink<FoundLink>> {
    const link = await this.responses.findLink(token);
    if (link.state === 'missing') return link;
    return {
      state: link.state === 'expired' ? 'closed' : link.state,
      locale: localeFor(link.customer.locale),
      privacyUrl: linkPath('privacy', token),
      target: link,
    };
  }

  form(
    token: string,
    found: FoundFlowLink<FoundLink>,
    frame: SurveyPageFrame,
    posted: PostedForm,
  ): SurveyPageView {
    const { invitation, version } = found.target;
    const view = surveyPageView({
      frame,
      action: linkPath('survey', token),
      invitation,
      version,
      consentText: this.consent.currentText('identified_feedback', found.locale),
      ...posted,
    });
    return { ...view, openedStylesheet: linkPath('survey', token, 'opened.css') };
  }

  /** A choice of how to answer, posted with something else refused: the funnel's consent step. */
  async refused(fields: PostedFields, found: FoundFlowLink<FoundLink>): Promise<void> {
    const consent = fields.get('consent')?.[0];
    if (consent !== 'identified' && consent !== 'anonymous') return;
    await recordFunnelStep(this.dataSource.manager, found.target.invitation.id, 'consent_chosen');
  }

  check(fields: PostedFields, found: FoundFlowLink<FoundLink>): SubmissionCheck {
    return validateSubmission(fields, found.target.version, SURVEY_PAGE_TEXTS[found.locale], {
      asksConsent: true,
      acceptableConsentText: (id) =>
        this.consent.acceptableText(id, 'identified_feedback') !== null,
    });
  }

  async answer(
    token: string,
    found: FoundFlowLink<FoundLink>,
    submission: ValidSubmission,
  ): Promise<FlowAnswer<FoundLink>> {
    const { invitation, version } = found.target;
    const outcome = await this.responses.submit(invitation, version, submission);
    if (outcome.outcome !== 'answered') {
      const state = outcome.outcome === 'expired' ? 'closed' : 'answered';
      return { answered: false, now: { ...found, state } };
    }
    // Only the customer's own browser learns that an anonymous answer was unhappy (the query).
    const offer = submission.consent === 'anonymous' && submission.dissatisfied;
    return {
      answered: true,
      thanksUrl: `${linkPath('survey', token, 'thanks')}${offer ? '?offer=contact' : ''}`,
      result: {
        identified: submission.consent === 'identified',
        dissatisfied: submission.dissatisfied,
      },
    };
  }

  async thanks(
    token: string,
    found: FoundFlowLink<FoundLink>,
    query: FlowQuery,
  ): Promise<FlowThanks> {
    const { invitation } = found.target;
    const response = await this.responses.identifiedResponse(invitation.id);
    const contact = await this.responses.contactDecision(invitation.id);
    const contactText = this.consent.currentText('future_contact', found.locale);
    const by = response?.dissatisfied
      ? await this.promises.promiseTextFor(response.id, found.locale)
      : null;
    return {
      followUp: by ? { by } : null,
      contactOffer:
        // One request per invitation: once made (and even if withdrawn since), never offered again.
        !response && query.offer === 'contact' && contact === null
          ? {
              action: linkPath('survey', token, 'contact'),
              consentTextId: contactText.id,
              paragraphs: contactText.paragraphs,
            }
          : null,
      contactRequested: !response && contact === 'granted',
      contactWithdrawn: !response && contact === 'withdrawn',
    };
  }
}
