import type { EntityManager } from 'typeorm';
import type { Scale } from '../surveys/survey-definition';
import { joinSurveyVersionOf } from '../surveys/survey-sql';

/** An identified answer as its customer sees it on "Your feedback". */
export interface CustomerAnswer {
  id: string;
  /** The survey's name, as the company named it. */
  survey: string;
  scale: Scale;
  score: number;
  comment: string | null;
  submittedAt: Date;
}

/** The customer's identified answers, newest first (anonymous ones are not theirs to see here). */
export async function answersOfCustomer(
  manager: EntityManager,
  customerId: string,
): Promise<CustomerAnswer[]> {
  const rows = await manager.query<
    {
      id: string;
      name: string;
      scale: Scale;
      score: number;
      comment: string | null;
      submitted_at: Date;
    }[]
  >(
    `SELECT r.id, s.name, v.scale, r.score, r.comment, r.submitted_at FROM responses r
     ${joinSurveyVersionOf('r.survey_version_id', { version: 'v', survey: 's' })}
     WHERE r.customer_id = $1 ORDER BY r.submitted_at DESC, r.id DESC`,
    [customerId],
  );
  return rows.map((row) => ({
    id: row.id,
    survey: row.name,
    scale: row.scale,
    score: row.score,
    comment: row.comment,
    submittedAt: row.submitted_at,
  }));
}
