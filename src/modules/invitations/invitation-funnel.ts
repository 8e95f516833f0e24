import type { EntityManager } from 'typeorm';

/** A step of the survey's funnel that the survey page records on its invitation. */
export type FunnelStep = 'opened' | 'consent_chosen';

const COLUMN: Record<FunnelStep, string> = {
  opened: 'opened_at',
  consent_chosen: 'consent_chosen_at',
};

/**
 * Records the first time an invitation reached `step` (later times change nothing). A page open
 * also counts as the step before a choice: a choice posted without the stylesheet (no CSS, a
 * text browser) was made by a person who saw the page. It takes no lock on the customer, unlike
 * other writers about them: it sets two times on the invitation's own row and nothing else.
 */
export async function recordFunnelStep(
  manager: EntityManager,
  invitationId: string,
  step: FunnelStep,
): Promise<void> {
  const set =
    step === 'opened'
      ? 'opened_at = now()'
      : `${COLUMN[step]} = now(), opened_at = coalesce(opened_at, now())`;
  await manager.query(`UPDATE invitations SET ${set} WHERE id = $1 AND ${COLUMN[step]} IS NULL`, [
    invitationId,
  ]);
}
