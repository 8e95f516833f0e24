import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import { teamScope } from '../../common/auth/team-scope';
import { noticeCaseInScope } from '../cases/case-notice-sql';
import { leftJoinTeamOf, leftJoinUserOf } from '../users/user-sql';
import type { ToldKind } from './notification-kinds';

export interface NotificationDto {
  id: string;
  kind: ToldKind;
  caseId: string | null;
  /**
   * Whether they can still open the case (always, for a digest): false once it moved to a team
   * they do not see, where its link would answer 404.
   */
  inQueue: boolean;
  /** Who assigned the case, by name; null for other kinds or someone since removed. */
  actorName: string | null;
  /** A digest's count of waiting cases. */
  waiting: number | null;
  /** What a manager's digest or alert tells (`Notifier`), and the name of the team it is about. */
  detail: Record<string, unknown> | null;
  teamName: string | null;
  createdAt: Date;
  seen: boolean;
}

/** How many a list shows: the newest; older ones stay in the table. */
export const INBOX_SIZE = 50;

/** A person's notifications at the console: the badge's count, the list, marking them seen. */
@Injectable()
export class NotificationInbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One indexed count (the partial index on unseen rows), on every console page. */
  async unseenCount(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND seen_at IS NULL`,
      [userId],
    );
    return row?.n ?? 0;
  }

  /** The newest first, each case's checked against the person's team scope as it is now. */
  async list(user: UserPrincipal): Promise<NotificationDto[]> {
    return this.dataSource.query<NotificationDto[]>(
      `SELECT n.id, n.kind, n.case_id AS "caseId",
         ${noticeCaseInScope('n.case_id', '$3')} AS "inQueue",
         a.name AS "actorName", n.waiting, n.detail, t.name AS "teamName",
         n.created_at AS "createdAt", n.seen_at IS NOT NULL AS seen
       FROM notifications n ${leftJoinUserOf('n.actor_id', 'a')}
       ${leftJoinTeamOf("(n.detail->>'teamId')::uuid", 't')}
       WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`,
      [user.userId, INBOX_SIZE, teamScope(user)],
    );
  }

  /** Marks these notifications of theirs seen (what the list showed them). */
  async markSeen(userId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE notifications SET seen_at = now()
       WHERE user_id = $1 AND id = ANY($2::uuid[]) AND seen_at IS NULL`,
      [userId, ids],
    );
  }
}
