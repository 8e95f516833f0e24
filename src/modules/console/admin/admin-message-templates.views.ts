import type { UserPrincipal } from '../../../common/auth/principal';
import { LOCALES } from '../../../common/i18n/locale';
import {
  fillPlaceholders,
  LANGUAGE_NAMES,
  PLACEHOLDERS,
} from '../../message-templates/message-placeholders';
import type {
  MessageTemplateDto,
  MessageTemplateInput,
} from '../../message-templates/message-templates.service';
import type { WithNav } from '../console-nav';
import { sampleValues } from '../message-templates';
import { type Form, text } from './admin-forms';
import type { AdminFormFrame } from './admin-pages';

/** `console-admin-message-templates.hbs`: every template, retired ones included. */
export interface ConsoleAdminMessageTemplatesView extends AdminFormFrame {
  templates: { key: string; label: string; subject: string; retired: boolean }[];
}

/** `console-admin-message-templates-edit.hbs`: one template's form, new or saved. */
export interface ConsoleAdminMessageTemplateFormView extends AdminFormFrame {
  /** Null for a new template. */
  template: { key: string; retired: boolean } | null;
  /** Where the form saves, and where it previews. */
  action: string;
  previewAction: string;
  label: string;
  texts: { locale: string; language: string; subject: string; body: string }[];
  placeholders: { token: string; meaning: string }[];
  /** The texts filled in with sample data; null before there is anything to show. */
  preview: { locale: string; language: string; subject: string; body: string }[] | null;
}

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin-message-templates': WithNav<ConsoleAdminMessageTemplatesView>;
    'console-admin-message-templates-edit': WithNav<ConsoleAdminMessageTemplateFormView>;
  }
}

const BASE = '/console/admin/message-templates';

/** A new template's form starts with the greeting and the closing words. */
export const NEW_TEMPLATE: MessageTemplateInput = {
  label: '',
  texts: {
    en: { subject: '', body: 'Hello {{customer.firstName}},\n\n\n\nBest regards,' },
    fi: { subject: '', body: 'Hei {{customer.firstName}},\n\n\n\nYstävällisin terveisin' },
  },
};

/** The template as the form posted it (`label`, `subject_en`, `body_en`, `subject_fi`, …). */
export function postedTemplate(form: Form | undefined): MessageTemplateInput {
  const posted = form ?? {};
  return {
    label: text(posted.label),
    texts: Object.fromEntries(
      LOCALES.map((locale) => [
        locale,
        { subject: text(posted[`subject_${locale}`]), body: text(posted[`body_${locale}`]) },
      ]),
    ) as MessageTemplateInput['texts'],
  };
}

export function listView(templates: MessageTemplateDto[]) {
  return {
    templates: templates.map((template) => ({
      key: template.key,
      label: template.label,
      subject: template.texts.en.subject,
      retired: template.retired,
    })),
  };
}

/**
 * The form of `saved` (null: a new one) showing `input`; `preview` fills it in with sample data
 * (only for texts already checked: a refused one shows its error instead).
 */
export function formView(
  saved: MessageTemplateDto | null,
  input: MessageTemplateInput,
  preview: { admin: UserPrincipal; companyName: string } | null,
): Omit<ConsoleAdminMessageTemplateFormView, keyof AdminFormFrame> {
  const action = saved ? `${BASE}/${saved.key}` : BASE;
  const values = preview && sampleValues(preview.admin, preview.companyName);
  return {
    template: saved && { key: saved.key, retired: saved.retired },
    action,
    previewAction: saved ? `${action}/preview` : `${BASE}/preview`,
    label: input.label,
    texts: LOCALES.map((locale) => ({
      locale,
      language: LANGUAGE_NAMES[locale],
      // Empty for a language added after the template was written.
      ...(input.texts[locale] ?? { subject: '', body: '' }),
    })),
    placeholders: Object.entries(PLACEHOLDERS).map(([name, meaning]) => ({
      token: `{{${name}}}`,
      meaning,
    })),
    preview:
      values &&
      LOCALES.map((locale) => ({
        locale,
        language: LANGUAGE_NAMES[locale],
        subject: fillPlaceholders(input.texts[locale]?.subject ?? '', values),
        body: fillPlaceholders(input.texts[locale]?.body ?? '', values),
      })),
  };
}
