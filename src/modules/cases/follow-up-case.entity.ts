import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Customer } from '../customers/customer.entity';
import { Invitation } from '../invitations/invitation.entity';
import { SurveyVersion } from '../surveys/survey-version.entity';
import { Team } from '../users/team.entity';
import { User } from '../users/user.entity';
import type { CaseStatus } from './case-states';
import { RootCause } from './root-cause.entity';

export type CaseSource = 'dissatisfied_answer' | 'contact_request';

/**
 * A person's follow-up of one unhappy customer, from an identified unhappy answer or an anonymous
 * answerer's request to be contacted: one case per invitation and source. Claimed from a queue
 * (`FOR UPDATE SKIP LOCKED`), so no case is ever assigned twice. Outlives an erasure of its
 * customer, de-identified (`erasedAt`): the history stays, the person goes.
 */
@Entity('follow_up_cases')
@Unique('follow_up_cases_invitation_source_key', ['invitationId', 'source'])
@Index('follow_up_cases_queue_idx', ['priority', 'createdAt'], { where: `status = 'open'` })
@Index('follow_up_cases_customer_idx', ['customerId'])
@Index('follow_up_cases_assignee_idx', ['assigneeId', 'status'])
/** Reports window cases by when they were opened. */
@Index('follow_up_cases_opened_idx', ['createdAt'])
/** The report rollups find the days of cases changed since their last refresh. */
@Index('follow_up_cases_updated_idx', ['updatedAt'])
/** A CRM's ticket names one case: looked up by it, and a second case with it is refused. */
@Index('follow_up_cases_external_ref_key', ['externalRef'], {
  unique: true,
  where: 'external_ref IS NOT NULL',
})
/**
 * The queue's views, counted and paged from indexes alone (migration AgentQueue). They INCLUDE
 * columns, which TypeORM cannot declare: it is told of them so as not to drop them.
 */
@Index('follow_up_cases_mine_idx', { synchronize: false })
@Index('follow_up_cases_status_idx', { synchronize: false })
@Index('follow_up_cases_overdue_idx', { synchronize: false })
@Check('follow_up_cases_source_check', `source IN ('dissatisfied_answer', 'contact_request')`)
@Check('follow_up_cases_erased_check', `("customer_id" IS NULL) = ("erased_at" IS NOT NULL)`)
@Check(
  'follow_up_cases_status_check',
  `status IN ('open', 'assigned', 'contacted', 'resolved', 'closed', 'withdrawn')`,
)
export class FollowUpCase {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  source: CaseSource;

  @Column({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Invitation;

  /** The identified answer it follows up; null for a contact request (and once withdrawn). */
  @Column({ name: 'response_id', type: 'uuid', nullable: true })
  responseId: string | null;

  /** Null once the customer is erased. */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  /** When its customer was erased (and their words with them); null while they exist. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @ManyToOne(() => Customer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer;

  @Column({ name: 'survey_version_id', type: 'uuid' })
  surveyVersionId: string;

  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_version_id' })
  surveyVersion?: SurveyVersion;

  @Column({ type: 'text', default: 'open' })
  status: CaseStatus;

  /** 1 is the most urgent. */
  @Column({ type: 'smallint' })
  priority: number;

  /** Null: not routed to a team yet, open to every agent. */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id' })
  team?: Team | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: User | null;

  @Column({ name: 'first_contact_due_at', type: 'timestamptz' })
  firstContactDueAt: Date;

  @Column({ name: 'resolution_due_at', type: 'timestamptz' })
  resolutionDueAt: Date;

  @Column({ name: 'first_contacted_at', type: 'timestamptz', nullable: true })
  firstContactedAt: Date | null;

  /** When a deadline first passed with the case still open (set by escalation). */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause: string | null;

  @ManyToOne(() => RootCause, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'root_cause', referencedColumnName: 'key' })
  rootCauseEntry?: RootCause | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /**
   * Whose turn it is (the queue's "Mine" views and its "Customer replied" badge), kept from the
   * timeline by the `case_events_turn` trigger (migration AgentQueue): when the customer wrote and
   * no one has answered yet (an email, a call or a resolve answers), and when we emailed them last
   * and they have not answered yet (their reply or a logged call ends it).
   */
  @Column({ name: 'customer_replied_at', type: 'timestamptz', nullable: true })
  customerRepliedAt: Date | null;

  @Column({ name: 'agent_emailed_at', type: 'timestamptz', nullable: true })
  agentEmailedAt: Date | null;

  /**
   * The CRM's id for its ticket about this case (`PATCH /api/v1/cases/{id}`), so the CRM finds the
   * case by it; null until set. Cleared by an erasure, as the customer's own external id goes.
   */
  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef: string | null;

  /** Optimistic locking: every change bumps it; a change made against an old one is refused. */
  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
