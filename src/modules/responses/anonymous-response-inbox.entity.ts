import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AnonymousAnswerColumns } from './answer-columns';

/**
 * Anonymous answers waiting to join `anonymous_responses`. A row written in the transaction that
 * marks its invitation answered shares that transaction's id (`xmin`) with the invitation's
 * timeline, and a row's place in the heap tells when it came: so answers wait here and move in
 * batches, in random order, in a transaction of their own (`AnonymousResponseRelease`), after
 * which nothing joins them back. Counts include these rows, so totals stay right meanwhile.
 */
@Entity('anonymous_response_inbox')
export class AnonymousResponseInbox extends AnonymousAnswerColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;
  /** For the release rule only (the longest an answer waits); gone with the row. */
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
