import type { WithNav } from '../console-nav';
/**
 * The admin area's pages (`templates/pages/console-admin*.hbs`) and their contexts. Every form
 * page carries `AdminFormFrame`: the CSRF token its forms post back, and the refusal of the form
 * or what was done (null when there is none, as the templates test for).
 */
import type { UserRole } from '../../../common/auth/user-role';
import type { AuditEventDto } from '../../audit/audit-log';
import type { ApiKeyDto } from '../../api-keys/api-keys.service';
import type { RootCauseDto } from '../../cases/rules/root-causes.service';
import type { SurveyDto } from '../../surveys/dto/survey.dto';
import type { UserDto } from '../../users/users.service';
import type { TimeView } from '../case-workspace.views';

export interface AdminFormFrame {
  csrfToken: string;
  error: string | null;
  notice: string | null;
}

/** A team as the admin pages list it. */
interface TeamRow {
  id: string;
  name: string;
  members: number;
}

/** `console-admin.hbs`: the admin area's index. */
export interface ConsoleAdminView {
  csrfToken: string;
}

/** `console-admin-users.hbs`: people and teams; a new person's password is shown this once. */
export interface ConsoleAdminUsersView extends AdminFormFrame {
  people: (UserDto & { disabled: boolean; self: boolean })[];
  teams: TeamRow[];
  roles: { value: UserRole; selected: boolean }[];
  /** The new-person form as posted, to show again after a refusal. */
  form: { name: string; email: string; team: string };
  created: { email: string; password: string } | null;
}

/** `console-admin-api-keys.hbs`: the keys; a new key's secret is shown this once. */
export interface ConsoleAdminApiKeysView extends AdminFormFrame {
  keys: (Pick<ApiKeyDto, 'id' | 'name' | 'prefix'> & {
    active: boolean;
    created: TimeView;
    lastUsed: TimeView | null;
    revoked: TimeView | null;
  })[];
  created: { name: string; secret: string } | null;
}

/** `console-admin-root-causes.hbs`: the taxonomy, retired causes included. */
export interface ConsoleAdminRootCausesView extends AdminFormFrame {
  causes: RootCauseDto[];
}

/** `console-admin-surveys.hbs`: the surveys, and a definition to add one from. */
export interface ConsoleAdminSurveysView extends AdminFormFrame {
  surveys: SurveyDto[];
  /** The JSON definition in the form: as posted, or an example. */
  definition: string;
}

/** `console-admin-survey.hbs`: one survey's definition, to revise into its next version. */
export interface ConsoleAdminSurveyView extends AdminFormFrame {
  survey: { key: string; name: string; version: number; next: number };
  definition: string;
}

/** `console-admin-audit.hbs`: the audit trail, with names for the ids it holds. */
export interface ConsoleAdminAuditView {
  events: (AuditEventDto & { actor: string })[];
  /** The actor filter's options. */
  people: { value: string; label: string; selected: boolean }[];
  filter: { subjectType: string; customer: string };
  next: string | null;
}

declare module '../../../common/templates/page-contexts' {
  interface PageContexts {
    'console-admin': WithNav<ConsoleAdminView>;
    'console-admin-users': WithNav<ConsoleAdminUsersView>;
    'console-admin-api-keys': WithNav<ConsoleAdminApiKeysView>;
    'console-admin-root-causes': WithNav<ConsoleAdminRootCausesView>;
    'console-admin-surveys': WithNav<ConsoleAdminSurveysView>;
    'console-admin-survey': WithNav<ConsoleAdminSurveyView>;
    'console-admin-audit': WithNav<ConsoleAdminAuditView>;
  }
}
