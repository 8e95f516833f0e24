import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import { validationError } from '../../common/validation/validation-error';

/**
 * Who acts on a case: a person, within their team scope (`teamScope`), or an integration, an API
 * key (a CRM that owns the case on its side), which sees every team's cases as managers do. Both
 * go through the same services and state machine; the timeline records which (`actor_id` or
 * `api_key_id`). Owning a case (claiming it) and writing to the customer stay with people.
 */
export type CaseActor = UserPrincipal | ApiKeyPrincipal;

/** The person who acted; null for an integration. */
export function actingUserId(actor: CaseActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** The integration (API key) that acted; null for a person. */
export function actingApiKeyId(actor: CaseActor): string | null {
  return actor.kind === 'apiKey' ? actor.apiKeyId : null;
}

/**
 * The person `me` stands for in a filter or a view: an API key is no one and owns no cases, so it
 * is told so (400 on `field`).
 */
export function meOf(actor: CaseActor, field: 'assignee' | 'view'): string {
  if (actor.kind === 'user') return actor.userId;
  throw validationError([
    {
      field,
      message:
        field === 'assignee'
          ? 'cannot be me with an API key, which owns no cases: name a user id'
          : 'cannot be one of your own views with an API key, which owns no cases',
    },
  ]);
}
