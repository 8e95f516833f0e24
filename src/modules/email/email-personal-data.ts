import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../common/jobs/job-queue';
import {
  exportedTime,
  PersonalData,
  PersonalDataRegistry,
} from '../../common/privacy/personal-data';

export interface EmailExport {
  kind: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  messageId: string;
}

/** The emails written to a customer: shown in their export, deleted with them. */
@Injectable()
export class EmailPersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['email_messages'];
  readonly erasureStep = 'delete';

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(manager: EntityManager, customerId: string): Promise<{ emails: EmailExport[] }> {
    const rows = await manager.query<
      {
        kind: string;
        status: string;
        created_at: Date;
        sent_at: Date | null;
        message_id: string;
      }[]
    >(
      `SELECT kind, status, created_at, sent_at, message_id FROM email_messages
       WHERE customer_id = $1 ORDER BY created_at`,
      [customerId],
    );
    return {
      emails: rows.map((row) => ({
        kind: row.kind,
        status: row.status,
        createdAt: exportedTime(row.created_at),
        sentAt: exportedTime(row.sent_at),
        messageId: row.message_id,
      })),
    };
  }

  /** The rows and their send jobs still waiting (which would only find nothing). */
  async erase(manager: EntityManager, customerId: string): Promise<void> {
    const emails = await manager.query<{ id: string }[]>(
      'DELETE FROM email_messages WHERE customer_id = $1 RETURNING id',
      [customerId],
    );
    await this.jobs.discardWaiting(
      manager,
      'email.send',
      'emailId',
      emails.map((email) => email.id),
    );
  }
}
