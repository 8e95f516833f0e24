import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  type Page,
  pageOf,
  type PageQuery,
} from '../../common/pagination/page-query';
import { normaliseEmail } from '../../common/validation/email';
import { validationError } from '../../common/validation/validation-error';
import { UNMATCHED_MAIL_CONFIG, type UnmatchedMailConfig } from '../../config/config-sections';
import { UnmatchedMailDto } from './dto/unmatched-mail.dto';
import type { UnmatchedReason } from './unmatched-inbound-mail.entity';

/** How long unmatched mail is kept for admins to look at. */
const RETENTION_DAYS = 90;

export { UnmatchedMailDto };

export interface UnmatchedMailFilter extends PageQuery {
  /** An email address: only mail from it (compared by its hash). */
  sender?: string;
}

interface UnmatchedRow {
  id: string;
  received_at: Date;
  reason: UnmatchedReason;
  sender_hash: string | null;
  subject: string;
  case_id: string | null;
}

/**
 * Inbound email kept aside rather than added to a case (unmatched-inbound-mail.entity.ts), and the
 * admins' list of it.
 */
@Injectable()
export class UnmatchedMail {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UNMATCHED_MAIL_CONFIG) private readonly config: UnmatchedMailConfig,
  ) {}

  /** A keyed hash of the address: an address book cannot be run through it without the secret. */
  senderHash(address: string): string {
    return createHmac('sha256', this.config.senderHashSecret)
      .update(`inbound-sender:${normaliseEmail(address)}`)
      .digest('hex')
      .slice(0, 32);
  }

  async keepAside(entry: {
    reason: UnmatchedReason;
    sender: string | null;
    subject: string;
    caseId: string | null;
  }): Promise<void> {
    await this.dataSource.query(
      `WITH expired AS (
         DELETE FROM unmatched_inbound_mail
         WHERE received_at < now() - make_interval(days => ${RETENTION_DAYS})
       )
       INSERT INTO unmatched_inbound_mail (reason, sender_hash, subject, case_id)
       VALUES ($1, $2, $3, $4)`,
      [
        entry.reason,
        entry.sender ? this.senderHash(entry.sender) : null,
        entry.subject,
        entry.caseId,
      ],
    );
  }

  /** Newest first. */
  async list(filter: UnmatchedMailFilter): Promise<Page<UnmatchedMailDto>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const [before] = filter.cursor ? decodeCursor(filter.cursor, 1) : [null];
    if (before !== null && !/^\d{1,18}$/.test(before)) {
      throw validationError([
        { field: 'cursor', message: 'must be a nextCursor this API returned' },
      ]);
    }
    const rows = await this.dataSource.query<UnmatchedRow[]>(
      `SELECT id::text, received_at, reason, sender_hash, subject, case_id
       FROM unmatched_inbound_mail
       WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR sender_hash = $2)
       ORDER BY unmatched_inbound_mail.id DESC LIMIT $3`,
      [before, filter.sender ? this.senderHash(filter.sender) : null, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      (row) => ({
        id: row.id,
        receivedAt: row.received_at.toISOString(),
        reason: row.reason,
        senderHash: row.sender_hash,
        subject: row.subject,
        caseId: row.case_id,
      }),
      (row) => [row.id],
    );
  }
}
