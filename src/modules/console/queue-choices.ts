import type { UserPrincipal } from '../../common/auth/principal';
import { teamScope } from '../../common/auth/team-scope';
import type { SurveysService } from '../surveys/surveys.service';
import type { UsersService } from '../users/users.service';
import type { QueueChoices } from './queue-pages.views';

/** Teams, people and surveys change rarely: the filter lists are read again after this long. */
const FRESH_MS = 30_000;

/**
 * What the queue's filter lists offer a viewer: the teams they may see (an agent's own), the
 * people who may own their cases, the surveys. Kept for half a minute per scope, so the page's
 * every load does not read three more tables.
 */
export class QueueChoiceLists {
  private readonly kept = new Map<string, { at: number; choices: Promise<QueueChoices> }>();

  constructor(
    private readonly users: UsersService,
    private readonly surveys: SurveysService,
  ) {}

  for(viewer: UserPrincipal): Promise<QueueChoices> {
    const scope = teamScope(viewer);
    const key = scope ?? 'all';
    const now = Date.now();
    const kept = this.kept.get(key);
    if (kept && now - kept.at < FRESH_MS) return kept.choices;
    const choices = this.load(scope);
    this.kept.set(key, { at: now, choices });
    // A failed read is not kept: the next page asks again.
    choices.catch(() => this.kept.delete(key));
    return choices;
  }

  private async load(scope: string | null): Promise<QueueChoices> {
    const [teams, people, surveys] = await Promise.all([
      this.users.listTeams(),
      this.users.caseOwners(scope),
      this.surveys.listSurveys({ limit: 200 }),
    ]);
    return {
      teams: teams
        .filter((team) => scope === null || team.id === scope)
        .map(({ id, name }) => ({ id, name })),
      people,
      surveys: surveys.items.map((survey) => ({ key: survey.key, name: survey.name })),
    };
  }
}
