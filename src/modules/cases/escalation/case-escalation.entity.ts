import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FollowUpCase } from '../follow-up-case.entity';
import type { EscalationStep } from './escalation-steps';

/**
 * The escalation steps a case went through. The primary key is what makes a step happen once,
 * however many workers run its job and however often.
 */
@Entity('case_escalations')
export class CaseEscalation {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => FollowUpCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: FollowUpCase;

  @PrimaryColumn({ type: 'text' })
  step: EscalationStep;

  /** The managers' emails about it (outbox ids), to compose them from. */
  @Column({ name: 'email_ids', type: 'uuid', array: true, default: () => "'{}'" })
  emailIds: string[];

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
