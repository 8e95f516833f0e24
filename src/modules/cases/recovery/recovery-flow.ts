import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localeFor } from '../../../common/i18n/locale';
import { linkPath, SurveyLinks } from '../../../common/links/survey-links';
import type {
  FlowAnswer,
  FlowLink,
  FlowThanks,
  FoundFlowLink,
  PostedForm,
  SurveyFlow,
} from '../../responses/survey-flow';
import { preferenceProfilesOf } from '../../responses/preference-profiles';
import { surveyPageView } from '../../responses/survey-page';
import type { SurveyPageFrame, SurveyPageView } from '../../responses/survey-page.view';
import { SURVEY_PAGE_TEXTS } from '../../responses/survey-page-texts';
import {
  type PostedFields,
  type SubmissionCheck,
  validateSubmission,
  type ValidSubmission,
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

/** The survey's touchpoint is the invitation's; a recovery is about the case, and says nothing. */
const NO_TOUCHPOINT = {
  touchpointType: null,
  touchpointReference: null,
  touchpointOccurredAt: null,
};

/**
 * The recovery survey (`/r/{token}`): laid out and checked like the survey, without its consent
 * step (the customer answers as themselves, in their own case) and without the survey's
 * questions: the score asks "did we make it right?", then the comment and the preferences. It is
 * closed once the case no longer waits for it (reopened, withdrawn, resolved again since, or
 * expired).
 */
@Injectable()
export class RecoveryFlow implements SurveyFlow<RecoveryTarget> {
  // No limit on failed submits: the recovery survey never counted them.
  readonly options = { page: 'recovery', failedSubmitLimit: null } as const;

  readonly errors = {
    notFound: recoveryNotFound,
    alreadyAnswered: recoveryAlreadyAnswered,
    closed: recoveryClosed,
    malformed: malformedRecoveryAnswer,
  };

  constructor(
    private readonly recoveries: CaseRecoveries,
    private readonly links: SurveyLinks,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async find(token: string): Promise<FlowLink<RecoveryTarget>> {
    return this.found(await this.recoveries.findLink(token));
  }

  form(
    token: string,
    found: FoundFlowLink<RecoveryTarget>,
    frame: SurveyPageFrame,
    posted: PostedForm,
  ): SurveyPageView {
    const texts = RECOVERY_TEXTS[found.locale];
    const survey = surveyPageView({
      frame,
      action: linkPath('recovery', token),
      invitation: NO_TOUCHPOINT,
      version: { ...found.target.version, questions: [] },
      consentText: null,
      ...posted,
    });
    return {
      ...survey,
      heading: texts.pageHeading,
      intro: texts.pageIntro,
      score: {
        ...survey.score,
        question: texts.question,
        lowLabel: texts.scaleLabels.low,
        highLabel: texts.scaleLabels.high,
      },
    };
  }

  /** The preferences they stated before, ticked: "Did we make it right?" asks only what changed. */
  async knownFields(found: FoundFlowLink<RecoveryTarget>): Promise<PostedFields> {
    const profiles = await preferenceProfilesOf(this.dataSource.manager, found.target.customerId);
    const fields: PostedFields = new Map();
    const offered = found.target.version.preferences;
    const offers = (options: { value: string }[], value: string | null) =>
      value !== null && options.some((option) => option.value === value);
    const contexts = profiles.filter((profile) => offers(offered.contexts, profile.context));
    if (contexts.length)
      fields.set(
        'context',
        contexts.map((profile) => profile.context),
      );
    for (const profile of contexts) {
      if (offers(offered.channels, profile.channel)) {
        fields.set(`channel_${profile.context}`, [profile.channel!]);
      }
      if (offers(offered.contactTimes, profile.contactTime)) {
        fields.set(`time_${profile.context}`, [profile.contactTime!]);
      }
      const interests = profile.interests.filter((value) => offers(offered.interests, value));
      if (interests.length) fields.set(`interests_${profile.context}`, interests);
    }
    return fields;
  }

  check(fields: PostedFields, found: FoundFlowLink<RecoveryTarget>): SubmissionCheck {
    if (fields.has('consent') || fields.has('consentText')) throw recoveryAsksNoConsent();
    const version = { ...found.target.version, questions: [] };
    return validateSubmission(fields, version, SURVEY_PAGE_TEXTS[found.locale], {
      asksConsent: false,
    });
  }

  async answer(
    token: string,
    found: FoundFlowLink<RecoveryTarget>,
    submission: ValidSubmission,
  ): Promise<FlowAnswer<RecoveryTarget>> {
    if (!(await this.recoveries.answer(found.target, submission))) {
      // A parallel submit (or the agent) got there first.
      return { answered: false, now: await this.find(token) };
    }
    return {
      answered: true,
      thanksUrl: linkPath('recovery', token, 'thanks'),
      result: { recovered: !submission.dissatisfied },
    };
  }

  thanks(_token: string, found: FoundFlowLink<RecoveryTarget>): Promise<FlowThanks> {
    const { recovered, caseStatus } = found.target;
    return Promise.resolve({
      // Not made right, and back with its agent: they will hear from us (a reopened case has no
      // first-contact deadline, so no time is promised).
      followUp: recovered === false && caseStatus === 'assigned' ? { by: null } : null,
      contactOffer: null,
      contactRequested: false,
      contactWithdrawn: false,
    });
  }

  private found(link: RecoveryLink): FlowLink<RecoveryTarget> {
    if (link.state === 'missing') return link;
    const { state, ...target } = link;
    return {
      state,
      locale: localeFor(link.locale),
      // The privacy center of the invitation the case follows up.
      privacyUrl: linkPath('privacy', this.links.invitationToken(link.invitationId)),
      target,
    };
  }
}
