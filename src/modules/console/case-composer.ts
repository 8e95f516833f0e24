import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseDetailDto } from '../cases/cases.service';
import { composeFromTemplate, MESSAGE_TEMPLATES } from './message-templates';

/** The case page's email composer (`console-composer.hbs`): templates to start from, the draft. */
export interface ComposerView {
  compose: { subject: string; body: string };
  templates: { key: string; label: string; selected: boolean }[];
}

/** What the request asked of the composer: a template chosen, or the draft a refused send kept. */
export interface ComposerRequest {
  template?: unknown;
  draft?: { subject?: unknown; body?: unknown };
}

@Injectable()
export class CaseComposer {
  // eslint-disable-next-line @typescript-eslint/require-await -- templates will come from the database
  async view(
    detail: CaseDetailDto,
    _agent: UserPrincipal,
    request: ComposerRequest,
  ): Promise<ComposerView> {
    const chosen = detail.customer
      ? composeFromTemplate(request.template, {
          locale: detail.customer.locale,
          customerName: detail.customer.name,
        })
      : null;
    const draft = request.draft;
    return {
      // A send that was refused shows the agent's words again, never an empty form.
      compose: chosen ?? {
        subject: typeof draft?.subject === 'string' ? draft.subject : '',
        body: typeof draft?.body === 'string' ? draft.body : '',
      },
      templates: Object.entries(MESSAGE_TEMPLATES).map(([key, template]) => ({
        key,
        label: template.label,
        selected: key === request.template,
      })),
    };
  }
}
