import { Inject, Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import { DEFAULT_LOCALE, localeFor } from '../../common/i18n/locale';
import { COMPANY_CONFIG, type CompanyConfig } from '../../config/config-sections';
import type { CaseDetailDto } from '../cases/cases.service';
import { RootCausesService } from '../cases/rules/root-causes.service';
import { fillPlaceholders, LANGUAGE_NAMES } from '../message-templates/message-placeholders';
import {
  type MessageTemplateDto,
  MessageTemplatesService,
} from '../message-templates/message-templates.service';
import { caseValues } from './message-templates';

/** The case page's email composer (`console-composer.hbs`): templates to start from, the draft. */
export interface ComposerView {
  compose: { subject: string; body: string };
  templates: { key: string; label: string; selected: boolean }[];
  /** The language the templates are written in: the customer's. */
  language: string;
  /**
   * A template filled in with the case's data before it goes into the draft: previewed, or
   * (`replaces`) waiting for the agent to say whether it replaces the draft they typed.
   */
  pending: { key: string; label: string; subject: string; body: string; replaces: boolean } | null;
  /** What the last template step did, in a sentence; null for none. */
  notice: string | null;
  /** A template was just put in the draft: the message box takes the focus. */
  filled: boolean;
}

/**
 * What the request asked of the composer. `template` alone (`?template=` on the case page): fill
 * the empty form. `step` comes from the template picker, posted with the draft: `use` fills an
 * empty draft and asks before replacing a typed one, `preview` only shows the template, `replace`
 * and `keep` answer the question. `draft` alone: a refused send's words, shown again.
 */
export interface ComposerRequest {
  template?: unknown;
  step?: unknown;
  draft?: { subject?: unknown; body?: unknown };
}

type Filled = { key: string; label: string; subject: string; body: string };

@Injectable()
export class CaseComposer {
  constructor(
    private readonly templates: MessageTemplatesService,
    private readonly rootCauses: RootCausesService,
    @Inject(COMPANY_CONFIG) private readonly company: CompanyConfig,
  ) {}

  async view(
    detail: CaseDetailDto,
    agent: UserPrincipal,
    request: ComposerRequest,
  ): Promise<ComposerView> {
    const [offered, rootCauses] = await Promise.all([
      this.templates.list({ includeRetired: false }),
      this.rootCauses.list({ includeRetired: true }),
    ]);
    const locale = localeFor(detail.customer?.locale ?? '');
    const chosen = offered.find((template) => template.key === request.template);
    const filled =
      chosen && detail.customer
        ? fill(chosen, locale, caseValues(detail, agent, rootCauses, this.company.companyName))
        : null;
    return {
      ...composed(request, filled),
      templates: offered.map((template) => ({
        key: template.key,
        label: template.label,
        selected: template.key === chosen?.key,
      })),
      language: LANGUAGE_NAMES[locale],
    };
  }
}

function fill(
  template: MessageTemplateDto,
  locale: keyof MessageTemplateDto['texts'],
  values: Parameters<typeof fillPlaceholders>[1],
): Filled {
  // A language added after the template was written reads the default one until an admin adds it.
  const text = template.texts[locale] ?? template.texts[DEFAULT_LOCALE];
  return {
    key: template.key,
    label: template.label,
    subject: fillPlaceholders(text.subject, values),
    body: fillPlaceholders(text.body, values),
  };
}

/** The draft after the step asked: the agent's words are replaced only when they said so. */
function composed(
  request: ComposerRequest,
  filled: Filled | null,
): Pick<ComposerView, 'compose' | 'pending' | 'notice' | 'filled'> {
  const draft = {
    subject: typeof request.draft?.subject === 'string' ? request.draft.subject : '',
    body: typeof request.draft?.body === 'string' ? request.draft.body.replace(/\r\n?/g, '\n') : '',
  };
  const typed = draft.subject.trim() !== '' || draft.body.trim() !== '';
  const step = request.step;
  const keep = { compose: draft, pending: null, filled: false };
  if (step !== undefined && !filled) {
    return { ...keep, notice: 'That template is no longer offered: your draft is as it was.' };
  }
  if (!filled) return { ...keep, notice: null };
  if (step === 'keep') return { ...keep, notice: 'Your draft is kept.' };
  if (step === 'preview' || (step === 'use' && typed)) {
    const { key, label, subject, body } = filled;
    return { ...keep, pending: { key, label, subject, body, replaces: typed }, notice: null };
  }
  if (typed && step !== 'replace') return { ...keep, notice: null };
  const { subject, body } = filled;
  return {
    compose: { subject, body },
    pending: null,
    filled: true,
    notice:
      step === undefined
        ? null
        : `“${filled.label}” is in your draft, filled in for this customer: read it through before sending.`,
  };
}
