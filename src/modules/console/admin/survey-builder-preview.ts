import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../common/i18n/locale';
import { longDate } from '../../../common/i18n/long-date';
import { PageRenderer } from '../../../common/templates/page-renderer';
import { COMPANY_CONFIG, type CompanyConfig } from '../../../config/config-sections';
import { ConsentService } from '../../consent/consent.service';
import { EmailRenderer } from '../../email/email-renderer';
import { surveyPageView } from '../../responses/survey-page';
import { SURVEY_PAGE_TEXTS } from '../../responses/survey-page-texts';
import type { SurveyContentDto } from '../../surveys/dto/survey.dto';
import { SCALE_END_LABELS } from '../../surveys/scale-labels';
import {
  DEFAULT_CONTACT_POLICY,
  QUESTION_TYPES,
  SCALE_RANGE,
  SCALES,
  type Scale,
} from '../../surveys/survey-definition';
import { estimatedMinutes } from '../../surveys/survey-duration';
import { resolveSurveyContent } from '../../surveys/survey-rules';
import { SurveyVersion } from '../../surveys/survey-version.entity';
import { SURVEY_BUILDER_WORDS } from './survey-builder-words';
import type { BuilderPreviewView } from './survey-builder.views';
import { surveyDefinition } from './survey-draft-body';
import type { SurveyDraft } from './survey-draft';
import { CONSOLE_LOCALE } from '../case-words';

/**
 * Links of the previewed email: a reserved domain that never resolves, so a click in the preview
 * reaches nobody's survey and counts against no one's link lookups.
 */
const PREVIEW_ORIGIN = 'https://preview.invalid';
/** The made-up customer the preview greets. */
const PREVIEW_CUSTOMER = 'Maria';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The survey page and the invitation email of a draft, drawn by the same code and templates as
 * a customer's (`surveyPageView` and the `survey` page, `EmailRenderer`'s `invitation`), in the
 * chosen language. It reads the current consent text and nothing else: no invitation, link,
 * answer or email is made, and the page's form posts nowhere (the frame forbids forms).
 */
@Injectable()
export class SurveyBuilderPreview {
  constructor(
    private readonly pages: PageRenderer,
    private readonly emails: EmailRenderer,
    private readonly consent: ConsentService,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
  ) {}

  preview(draft: SurveyDraft, autofocus: boolean): BuilderPreviewView {
    const locale: Locale = isLocale(draft.previewLocale) ? draft.previewLocale : DEFAULT_LOCALE;
    const version = previewVersion(draft);
    const surveyHtml = this.pages.render(
      'survey',
      surveyPageView({
        frame: {
          lang: locale,
          t: SURVEY_PAGE_TEXTS[locale],
          company: this.company.companyName,
          privacyUrl: '#privacy',
        },
        action: '#answer',
        invitation: { touchpointType: null, touchpointReference: null, touchpointOccurredAt: null },
        version,
        consentText: this.consent.currentText('identified_feedback', locale),
        fields: new Map(),
        errors: [],
      }),
    );
    return {
      language: SURVEY_BUILDER_WORDS[CONSOLE_LOCALE].languages[locale],
      surveyHtml,
      email: this.email(draft, version, locale),
      autofocus,
    };
  }

  private email(draft: SurveyDraft, version: SurveyVersion, locale: Locale) {
    const texts = version.texts[locale] ?? version.texts[DEFAULT_LOCALE];
    const link = (page: string) => `${PREVIEW_ORIGIN}/${page}/preview`;
    const range = SCALE_RANGE[version.scale];
    const expiryDays = /^\d{1,3}$/.test(draft.contactPolicy.expiryDays.trim())
      ? Number(draft.contactPolicy.expiryDays)
      : DEFAULT_CONTACT_POLICY.expiryDays;
    const rendered = this.emails.render('invitation', {
      locale,
      companyName: this.company.companyName,
      customerName: PREVIEW_CUSTOMER,
      subject: texts.emailSubject,
      intro: texts.emailIntro,
      scoreQuestion: texts.scoreQuestion,
      scoreLinks: Array.from({ length: range.max - range.min + 1 }, (_, i) => ({
        score: range.min + i,
        url: `${link('s')}?score=${range.min + i}`,
      })),
      scaleLabels: SCALE_END_LABELS[version.scale][locale],
      surveyUrl: link('s'),
      privacyUrl: link('p'),
      unsubscribeUrl: link('u'),
      expiresOn: longDate(locale, new Date(Date.now() + expiryDays * DAY_MS)),
      minutes: estimatedMinutes(version, { asksConsent: true }),
    });
    return { subject: rendered.subject, html: rendered.html };
  }
}

/**
 * The draft as a survey version, however unfinished: defaults fill what is empty, a scale or a
 * kind of question the form does not know is left out (the save names them), and nothing is
 * stored.
 */
function previewVersion(draft: SurveyDraft): SurveyVersion {
  const body = surveyDefinition(draft, false);
  const scale: Scale = (SCALES as readonly string[]).includes(draft.scale)
    ? (draft.scale as Scale)
    : 'csat5';
  const questions = (body.questions as SurveyContentDto['questions']).filter((question) =>
    (QUESTION_TYPES as readonly string[]).includes(question.type),
  );
  const content = resolveSurveyContent({ ...body, scale, questions } as SurveyContentDto);
  return Object.assign(new SurveyVersion(), content, {
    id: 'preview',
    surveyId: 'preview',
    version: 0,
    createdAt: new Date(),
  });
}
