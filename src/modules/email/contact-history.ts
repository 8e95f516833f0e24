import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CUSTOMER_360_HISTORY_LIMIT, Customer360 } from '../customers/customer-360';
import { UNSOLICITED_KINDS } from './email-message.entity';

/** The customer 360's contact history: the emails queued for them, newest first. */
@Injectable()
export class ContactHistory implements OnModuleInit {
  constructor(
    private readonly customer360: Customer360,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.customer360.addSection('contacts', (customerId) => this.contacts(customerId));
  }

  private async contacts(customerId: string) {
    const rows = await this.dataSource.query<
      {
        kind: string;
        status: string;
        created_at: Date;
        send_after: Date | null;
        sent_at: Date | null;
      }[]
    >(
      `SELECT kind, status, created_at, send_after, sent_at FROM email_messages
       WHERE customer_id = $1 ORDER BY created_at DESC, id DESC
       LIMIT ${CUSTOMER_360_HISTORY_LIMIT}`,
      [customerId],
    );
    return rows.map((row) => ({
      kind: row.kind,
      status: row.status,
      unsolicited: (UNSOLICITED_KINDS as readonly string[]).includes(row.kind),
      queuedAt: row.created_at.toISOString(),
      sendAfter: row.send_after?.toISOString() ?? null,
      sentAt: row.sent_at?.toISOString() ?? null,
    }));
  }
}
