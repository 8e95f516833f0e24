import type { EntityManager } from 'typeorm';

/** Ends every session of a person, in the caller's transaction (they were disabled, say). */
export async function endSessionsOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}
