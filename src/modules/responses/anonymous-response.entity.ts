import { Check, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AnonymousAnswerColumns } from './answer-columns';

/**
 * An anonymous answer. By design this table has no customer, invitation, token, address or
 * precise time: only the survey version and the month, so that counts stay right and nothing can
 * join a row back to the person who wrote it.
 */
@Entity('anonymous_responses')
@Index('anonymous_responses_version_month_idx', ['surveyVersionId', 'submittedMonth'])
@Check('anonymous_responses_month_check', `extract(day FROM submitted_month) = 1`)
export class AnonymousResponse extends AnonymousAnswerColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;
}
