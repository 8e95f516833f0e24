import { preparedQuery } from '../../../common/database/prepared-query';
import type { EntityManager } from 'typeorm';
import type { Scale } from '../../surveys/survey-definition';
import { iso, scoreOf, type WebhookData, type WebhookEventRow } from './webhook-message';

interface IdentifiedAnswerRow {
  id: string;
  score: number;
  comment: string | null;
  dissatisfied: boolean;
  submitted_at: Date;
  survey_id: string;
  survey_version_id: string;
  scale: Scale;
  invitation_id: string;
  customer_id: string;
  external_id: string;
  touchpoint_type: string | null;
  touchpoint_reference: string | null;
  touchpoint_location: string | null;
  touchpoint_channel: string | null;
}

interface AnonymousAnswerRow {
  id: string;
  score: number;
  comment: string | null;
  submitted_month: string;
  survey_id: string;
  survey_version_id: string;
  scale: Scale;
}

/**
 * `response.received` and `response.dissatisfied`: the answer's score and comment with the
 * customer and touchpoint. The anonymous variant (only to endpoints that asked for it) has no
 * identity at all: no answer id, invitation, customer or place (a small place's few visits would
 * tell who), and its month for a time; it is released in batches, so its arrival tells no visit.
 */
export async function responsePayloads(
  manager: EntityManager,
  events: WebhookEventRow[],
): Promise<WebhookData> {
  const data: WebhookData = new Map(events.map((event) => [event.eventId, null]));
  const anonymous = events.filter((event) => event.payload.identified === false);
  const identified = events.filter((event) => event.payload.identified !== false);
  const answers = await identifiedAnswers(manager, identified);
  for (const event of identified) {
    const answer = answers.get(event.payload.responseId as string);
    if (answer) data.set(event.eventId, identifiedData(answer));
  }
  const anonymousAnswers = await anonymousAnswersById(manager, anonymous);
  for (const event of anonymous) {
    const answer = anonymousAnswers.get(event.payload.responseId as string);
    if (answer) data.set(event.eventId, anonymousData(answer));
  }
  return data;
}

async function identifiedAnswers(manager: EntityManager, events: WebhookEventRow[]) {
  if (events.length === 0) return new Map<string, IdentifiedAnswerRow>();
  const rows = await preparedQuery<IdentifiedAnswerRow>(
    manager.connection,
    'webhook-answer-messages',
    `SELECT r.id, r.score, r.comment, r.dissatisfied, r.submitted_at, sv.survey_id,
       r.survey_version_id, sv.scale, r.invitation_id, r.customer_id, cu.external_id, i.touchpoint_type,
       i.touchpoint_reference, i.touchpoint_location, i.touchpoint_channel
     FROM responses r
     JOIN survey_versions sv ON sv.id = r.survey_version_id
     JOIN invitations i ON i.id = r.invitation_id
     JOIN customers cu ON cu.id = r.customer_id
     WHERE r.id = ANY($1::uuid[]) AND r.erased_at IS NULL`,
    [events.map((event) => event.payload.responseId)],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

async function anonymousAnswersById(manager: EntityManager, events: WebhookEventRow[]) {
  if (events.length === 0) return new Map<string, AnonymousAnswerRow>();
  const rows = await manager.query<AnonymousAnswerRow[]>(
    `SELECT a.id, a.score, a.comment, to_char(a.submitted_month, 'YYYY-MM') AS submitted_month,
       sv.survey_id, a.survey_version_id, sv.scale
     FROM anonymous_responses a JOIN survey_versions sv ON sv.id = a.survey_version_id
     WHERE a.id = ANY($1::uuid[])`,
    [events.map((event) => event.payload.responseId)],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

function identifiedData(row: IdentifiedAnswerRow): Record<string, unknown> {
  return {
    response: {
      id: row.id,
      identified: true,
      surveyId: row.survey_id,
      surveyVersionId: row.survey_version_id,
      invitationId: row.invitation_id,
      ...scoreOf(row.score, row.scale),
      comment: row.comment,
      dissatisfied: row.dissatisfied,
      submittedAt: iso(row.submitted_at),
    },
    customer: { id: row.customer_id, externalId: row.external_id },
    touchpoint: {
      type: row.touchpoint_type,
      reference: row.touchpoint_reference,
      location: row.touchpoint_location,
      channel: row.touchpoint_channel,
    },
  };
}

function anonymousData(row: AnonymousAnswerRow): Record<string, unknown> {
  return {
    response: {
      identified: false,
      surveyId: row.survey_id,
      surveyVersionId: row.survey_version_id,
      ...scoreOf(row.score, row.scale),
      comment: row.comment,
      submittedMonth: row.submitted_month,
    },
  };
}
