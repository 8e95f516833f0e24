import { Check, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AnonymousAnswerColumns } from './answer-columns';

/**
 * An anonymous answer. By design this table has no customer, invitation, token, address, member of
 * staff or precise time: only the survey version, the month and the touchpoint's location and
 * channel, so that counts stay right and nothing can join a row back to the person who wrote it.
 */
@Entity('anonymous_responses')
@Index('anonymous_responses_version_month_idx', ['surveyVersionId', 'submittedMonth'])
/** The explorer pages them by month, then by id (a random uuid: no order of arrival). */
@Index('anonymous_responses_month_idx', ['submittedMonth', 'id'])
/** The explorer's search over comments, in English and Finnish (migration CommentSearch). */
@Index('anonymous_responses_comment_words_idx', { synchronize: false })
@Check('anonymous_responses_month_check', `extract(day FROM submitted_month) = 1`)
export class AnonymousResponse extends AnonymousAnswerColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;
}
