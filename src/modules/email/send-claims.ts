import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../common/database/prepared-query';

/**
 * Holds queued rows for their sends ($2 ms) unless another run holds them; reads what it found
 * for each (`held_seconds` from before this statement: another run's hold).
 */
const CLAIM_EMAIL_SENDS = `
  WITH claimed AS (
    UPDATE email_messages SET claimed_until = now() + $2 * interval '1 millisecond'
    WHERE id = ANY($1::uuid[]) AND status = 'queued'
      AND (claimed_until IS NULL OR claimed_until < now())
    RETURNING id)
  SELECT m.id, m.status, m.id IN (SELECT id FROM claimed) AS claimed,
    GREATEST(0, ceil(extract(epoch FROM m.claimed_until - now())))::int AS held_seconds
  FROM email_messages m WHERE m.id = ANY($1::uuid[])`;

/** `claimed`, `gone` (sent, failed or cancelled meanwhile), or the seconds another run's hold has left. */
export type Claim = 'claimed' | 'gone' | number;

/**
 * A batch's claims on its rows, taken a group at a time just ahead of the sends (one statement
 * per group instead of one per send, while a row is held only about as long as its group takes
 * to send). Rows claimed but never handed to the relay are given back at the end, so a fresh job
 * need not wait for their hold to run out.
 */
export class SendClaims {
  private readonly claims = new Map<string, Promise<Claim>>();
  /** Claimed rows whose send has not started. */
  private readonly unsent = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    /** The batch's rows, in the order the sends take them. */
    private readonly ids: string[],
    private readonly groupSize: number,
    /** How long a claim holds its row: the job's limit. */
    private readonly holdMs: number,
  ) {}

  /** The claim on the row at `index`, taken with the group it starts if not yet. */
  claim(index: number): Promise<Claim> {
    const id = this.ids[index];
    const known = this.claims.get(id);
    if (known) return known;
    const group = this.ids.slice(index, index + this.groupSize).filter((i) => !this.claims.has(i));
    const claimed = this.claimGroup(group);
    for (const member of group) {
      const claim = claimed.then((claims) => claims.get(member) ?? 'gone');
      // A lane that stops early never awaits its row's claim: a failed group is its lanes' error.
      claim.catch(() => undefined);
      this.claims.set(member, claim);
    }
    return this.claims.get(id)!;
  }

  /** The row's send is under way: from here on only its outcome ends the claim. */
  sending(id: string): void {
    this.unsent.delete(id);
  }

  /** Gives back the claims whose rows were not sent (put off, out of time, shutting down). */
  async releaseUnsent(): Promise<void> {
    if (this.unsent.size === 0) return;
    const ids = [...this.unsent];
    this.unsent.clear();
    await this.dataSource.query(
      `UPDATE email_messages SET claimed_until = NULL WHERE id = ANY($1::uuid[]) AND status = 'queued'`,
      [ids],
    );
  }

  private async claimGroup(ids: string[]): Promise<Map<string, Claim>> {
    // A prepared statement: this runs for every few sends.
    const rows = await preparedQuery<{
      id: string;
      status: string;
      claimed: boolean;
      held_seconds: number;
    }>(this.dataSource, 'claim-email-sends', CLAIM_EMAIL_SENDS, [ids, this.holdMs]);
    const claims = new Map<string, Claim>();
    for (const row of rows) {
      if (row.claimed) this.unsent.add(row.id);
      claims.set(
        row.id,
        row.claimed ? 'claimed' : row.status === 'queued' ? row.held_seconds : 'gone',
      );
    }
    return claims;
  }
}
