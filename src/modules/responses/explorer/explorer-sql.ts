import { customerInScope } from '../../../common/auth/team-scope';
import { instantOf } from '../../../common/validation/instant';
import { validationError } from '../../../common/validation/validation-error';
import { joinSurveyVersionOf } from '../../surveys/survey-sql';
import { topicFilterSql } from '../../topics/topic-sql';
import { commentMatchesSql } from '../response-search-sql';
import { type ScoreBand, scoreBandSql } from '../score-bands';

/**
 * The explorer's filters as SQL over an identified answer `r` or an anonymous one `a`, each with
 * its survey version `v` and survey `s`. Pure: ResponseExplorer runs the statements.
 */

/** What narrows the answers shown; every field optional. */
export interface ExplorerFilter {
  /** Given at or after (inclusive), before (exclusive). */
  from?: Date;
  to?: Date;
  /** A survey key: any of its versions. */
  survey?: string;
  band?: ScoreBand;
  touchpointType?: string;
  /** The touchpoint's location and channel (anonymous answers keep them too). */
  location?: string;
  channel?: string;
  /** The member of staff who served, by their external id (identified answers only). */
  staff?: string;
  hasComment?: boolean;
  /** Words of the comment (a web search). */
  q?: string;
  /** A topic's id: answers whose comment is about it. */
  topic?: string;
}

/** Numbers a value as a statement parameter (`$3`) and says where it goes. */
export type Param = (value: unknown) => string;

/**
 * An anonymous answer is listed only among at least this many: its survey's anonymous answers of
 * its month (all it shows beyond its words), and the answers a filter finds.
 */
export const ANONYMOUS_GROUP_AT_LEAST = 5;

/**
 * The period of the query as instants: `from` and `to` as PostgreSQL will read them (ISO 8601
 * also allows week dates and bare years, which it does not take: a 400 here), `to` after `from`.
 */
export function periodOf(
  from: string | undefined,
  to: string | undefined,
): Pick<ExplorerFilter, 'from' | 'to'> {
  const period = { from: instantOf('from', from), to: instantOf('to', to) };
  if (period.from && period.to && period.to <= period.from) {
    throw validationError([{ field: 'to', message: 'must be later than from' }]);
  }
  return period;
}

/**
 * What both kinds of answer are filtered by: survey, score band, comment or none, its words, and
 * where it happened (`place` holds the touchpoint's location and channel: the invitation of an
 * identified answer, an anonymous answer itself), and the comment's topic.
 */
function sharedConditions(
  filter: ExplorerFilter,
  alias: string,
  place: string,
  param: Param,
): string[] {
  const where: string[] = [];
  if (filter.survey !== undefined) where.push(`s.key = ${param(filter.survey)}::text`);
  if (filter.band !== undefined) where.push(scoreBandSql(filter.band, alias, 'v.scale'));
  if (filter.hasComment !== undefined) {
    where.push(`(coalesce(${alias}.comment, '') <> '') = ${param(filter.hasComment)}::boolean`);
  }
  if (filter.q !== undefined) where.push(commentMatchesSql(alias, `${param(filter.q)}::text`));
  if (filter.topic !== undefined) {
    where.push(topicFilterSql(alias, `${param(filter.topic)}::uuid`, alias === 'a'));
  }
  if (filter.location !== undefined) {
    where.push(`${place}.touchpoint_location = ${param(filter.location)}::text`);
  }
  if (filter.channel !== undefined) {
    where.push(`${place}.touchpoint_channel = ${param(filter.channel)}::text`);
  }
  return where;
}

/** The identified answers `r` (joined to `v`, `s` and its invitation `i`) the filter keeps. */
export function identifiedConditions(
  filter: ExplorerFilter,
  scope: string | null,
  param: Param,
): string[] {
  const where = sharedConditions(filter, 'r', 'i', param);
  if (filter.from) where.push(`r.submitted_at >= ${param(filter.from.toISOString())}::timestamptz`);
  if (filter.to) where.push(`r.submitted_at < ${param(filter.to.toISOString())}::timestamptz`);
  if (filter.touchpointType !== undefined) {
    where.push(`i.touchpoint_type = ${param(filter.touchpointType)}::text`);
  }
  if (filter.staff !== undefined) {
    where.push(`i.touchpoint_staff_id = ${param(filter.staff)}::text`);
  }
  // An agent reads the answers of the customers they may open (a case of their team's).
  if (scope !== null) where.push(customerInScope(`${param(scope)}::uuid`, 'r.customer_id'));
  return where;
}

/**
 * The months whose anonymous answers (`alias`) count in the period: where the middle of the month
 * (the 16th, 00:00 UTC) falls, as the reports count them, so adjacent periods never share one.
 */
function monthsInPeriodSql(filter: ExplorerFilter, alias: string, param: Param): string[] {
  const where: string[] = [];
  const mid = (at: Date) =>
    `(${param(at.toISOString())}::timestamptz AT TIME ZONE 'UTC' - interval '15 days')`;
  if (filter.from) where.push(`${alias}.submitted_month >= ${mid(filter.from)}`);
  if (filter.to) where.push(`${alias}.submitted_month < ${mid(filter.to)}`);
  return where;
}

/**
 * The anonymous answers the filter keeps, among those in a group of at least
 * ANONYMOUS_GROUP_AT_LEAST (their survey's, of their month): `FROM` and `WHERE` over `a`, `v`
 * and `s`, its `WITH` before them. Anonymous answers keep no touchpoint type and no member of
 * staff (only where: location and channel): a type or staff filter keeps none, as in the reports.
 */
export function anonymousSelection(
  filter: ExplorerFilter,
  param: Param,
): { with: string; from: string; where: string[] } {
  const months = monthsInPeriodSql(filter, 'g', param);
  const groups = `groups AS (
    SELECT gs.id AS survey_id, g.submitted_month FROM anonymous_responses g
      ${joinSurveyVersionOf('g.survey_version_id', { version: 'gv', survey: 'gs' })}
    ${months.length > 0 ? `WHERE ${months.join(' AND ')}` : ''}
    GROUP BY gs.id, g.submitted_month HAVING count(*) >= ${ANONYMOUS_GROUP_AT_LEAST})`;
  const from = `anonymous_responses a
    ${joinSurveyVersionOf('a.survey_version_id', { version: 'v', survey: 's' })}
    JOIN groups ON groups.survey_id = s.id AND groups.submitted_month = a.submitted_month`;
  const where = [
    ...sharedConditions(filter, 'a', 'a', param),
    ...monthsInPeriodSql(filter, 'a', param),
  ];
  if (filter.touchpointType !== undefined || filter.staff !== undefined) where.push('false');
  return { with: `WITH ${groups}`, from, where };
}

/** The statement's parameters and the function that numbers them. */
export function parameters(): { params: unknown[]; param: Param } {
  const params: unknown[] = [];
  return { params, param: (value) => `$${params.push(value)}` };
}
