import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addBusinessHours } from '../cases/business-hours';
import { CaseSettingsService } from '../cases/rules/case-settings.service';
import type { FollowUpPolicy } from '../surveys/survey-definition';
import { SurveysService } from '../surveys/surveys.service';
import { UsersService } from '../users/users.service';
import { DEMO_SURVEY } from './demo-survey';

export interface ScaleSeedOptions {
  /** Answers in all, identified and anonymous (the cases follow from the unhappy identified). */
  responses: number;
  cases: number;
  /** Spread evenly over this many days up to now. */
  days: number;
  /** Agents to add to each of the two teams (the cases also go to agents already there). */
  agentsPerTeam?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface ScaleSeedResult {
  invitations: number;
  responses: number;
  anonymous: number;
  cases: number;
}

/** Invitations per answer: 80 % of invitations are answered. */
const ANSWERED = 0.8;
/** Of the answers, this share is identified (the rest anonymous). */
const IDENTIFIED = 0.7;
/** Invitations per customer, on average. */
const INVITATIONS_PER_CUSTOMER = 5;
/** Rows per statement: a progress step, and a size Postgres handles without strain. */
const BATCH = 25_000;
const AGENTS_PER_TEAM = 5;
const TEAMS = ['Customer Care', 'Billing'];
/** Unhappy share of identified answers, as generated below (csat ≤ 2: 13 %, nps ≤ 6: 25 %). */
const DISSATISFIED_SHARE = 0.8 * 0.13 + 0.2 * 0.25;

/**
 * Loads a realistic volume for the reporting benchmark: customers, invitations sent over `days`
 * at five hotels by 20 members of staff (the front desk and the phone; the web and the app by
 * nobody), answers (70 % identified, on a CSAT survey and an NPS one), follow-up cases in every
 * state with their deadlines, recovery answers and preference profiles. Set-based SQL, `BATCH` invitations
 * per statement; ids are derived from the row number so a run can be told apart from real data
 * (customers `scale-…`). Adds to what is there; meant for a migrated database of its own, or
 * the demo's first start.
 */
export async function seedScale(
  app: INestApplicationContext,
  options: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const surveys = app.get(SurveysService);
  if (!(await surveys.surveyExists(DEMO_SURVEY.key))) await surveys.createSurvey(DEMO_SURVEY);
  if (!(await surveys.surveyExists('recommend'))) {
    await surveys.createSurvey({
      ...DEMO_SURVEY,
      key: 'recommend',
      name: 'Would you recommend us?',
      scale: 'nps',
    });
  }
  const users = app.get(UsersService);
  const db = app.get(DataSource);
  const run = `${Date.now().toString(36)}`;
  for (const team of TEAMS) {
    for (let i = 1; i <= (options.agentsPerTeam ?? AGENTS_PER_TEAM); i += 1) {
      const slug = team.toLowerCase().replace(/\s+/g, '.');
      await users.createUser({
        email: `scale.${slug}.${i}.${run}@candor.localhost`,
        name: `${team} agent ${i}`,
        role: 'agent',
        team,
      });
    }
  }
  const invitations = Math.ceil(options.responses / ANSWERED);
  const customers = Math.max(1, Math.ceil(invitations / INVITATIONS_PER_CUSTOMER));
  const caseChance = Math.min(
    1,
    options.cases / (options.responses * IDENTIFIED * DISSATISFIED_SHARE),
  );
  const [{ offset }] = await db.query<{ offset: string }[]>(
    `SELECT (coalesce(max(id), 0) + 1)::text AS "offset" FROM consent_events`,
  );

  for (let from = 0; from < customers; from += BATCH) {
    const to = Math.min(customers, from + BATCH);
    await db.query(INSERT_CUSTOMERS, [run, from, to - 1]);
    options.onProgress?.('customers', to, customers);
  }
  const totals = { invitations, responses: 0, anonymous: 0, cases: 0 };
  for (let from = 0; from < invitations; from += BATCH) {
    const to = Math.min(invitations, from + BATCH);
    const rows = await db.query<{ identified: number; anonymous: number; cases: number }[]>(
      INSERT_ANSWERS,
      [run, from, to - 1, customers, options.days, Number(offset), caseChance],
    );
    totals.responses += rows[0].identified + rows[0].anonymous;
    totals.anonymous += rows[0].anonymous;
    totals.cases += rows[0].cases;
    options.onProgress?.('invitations, answers and cases', to, invitations);
  }
  await db.query(
    `SELECT setval(pg_get_serial_sequence('consent_events', 'id'), (SELECT max(id) FROM consent_events))`,
  );
  await countDeadlines(app, run, totals.cases, options.onProgress);
  options.onProgress?.('preference profiles', 0, 1);
  await db.query(INSERT_PREFERENCES, [run]);
  options.onProgress?.('preference profiles', 1, 1);
  // The rows went in behind the report rollups' back, dated in the past: their next run
  // rebuilds every day (until then the reports read the tables).
  await db.query(`INSERT INTO report_rollup_state DEFAULT VALUES ON CONFLICT DO NOTHING`);
  await db.query(`UPDATE report_rollup_state SET covered_through = '1970-01-01T00:00:00Z'`);
  options.onProgress?.('statistics (VACUUM ANALYZE)', 0, 1);
  await db.query('VACUUM ANALYZE');
  options.onProgress?.('statistics (VACUUM ANALYZE)', 1, 1);
  return totals;
}

/**
 * The run's case deadlines as a real opening counts them: the survey's business hours from the
 * answer, on the case settings' calendar (the statement above wrote calendar-hour placeholders);
 * overdue marks follow from them.
 */
async function countDeadlines(
  app: INestApplicationContext,
  run: string,
  cases: number,
  onProgress: ScaleSeedOptions['onProgress'],
): Promise<void> {
  const db = app.get(DataSource);
  const { calendar } = await app.get(CaseSettingsService).current();
  let after = '00000000-0000-0000-0000-000000000000';
  for (let done = 0; ;) {
    const rows = await db.query<{ id: string; created_at: Date; follow_up: FollowUpPolicy }[]>(
      `SELECT c.id, c.created_at, v.follow_up FROM follow_up_cases c
       JOIN customers cu ON cu.id = c.customer_id
       JOIN survey_versions v ON v.id = c.survey_version_id
       WHERE cu.external_id LIKE 'scale-' || $1::text || '-%' AND c.id > $2
       ORDER BY c.id LIMIT $3`,
      [run, after, BATCH],
    );
    if (rows.length === 0) return;
    const dues = rows.map((row) => ({
      firstContact: addBusinessHours(row.created_at, row.follow_up.firstContactHours, calendar),
      resolution: addBusinessHours(row.created_at, row.follow_up.resolutionHours, calendar),
    }));
    await db.query(
      `UPDATE follow_up_cases c SET first_contact_due_at = t.first_contact, resolution_due_at = t.resolution,
         overdue_at = CASE
           WHEN c.status IN ('open', 'assigned') AND t.first_contact < now() THEN t.first_contact
           WHEN c.status = 'contacted' AND t.resolution < now() THEN t.resolution END
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(id, first_contact, resolution)
       WHERE c.id = t.id`,
      [rows.map((row) => row.id), dues.map((d) => d.firstContact), dues.map((d) => d.resolution)],
    );
    after = rows[rows.length - 1].id;
    done += rows.length;
    onProgress?.('case deadlines in business hours', done, cases);
  }
}

/** Where the touchpoints happened: a handful of hotels, four members of staff at each. */
const LOCATIONS = [
  'Helsinki Airport hotel',
  'Helsinki Central',
  'Tampere Station',
  'Turku Harbour',
  'Oulu Riverside',
];
const STAFF_PER_LOCATION = 4;
const STAFF = [
  'Aino Virtanen',
  'Eero Korhonen',
  'Helmi Mäkinen',
  'Jussi Nieminen',
  'Kaisa Mäkelä',
  'Lauri Hämäläinen',
  'Minna Laine',
  'Oskari Heikkinen',
  'Pia Koskinen',
  'Riku Järvinen',
  'Sanna Lehtonen',
  'Teemu Lehtinen',
  'Ulla Saarinen',
  'Ville Salminen',
  'Anni Heinonen',
  'Mikko Niemi',
  'Noora Heikkilä',
  'Antti Kinnunen',
  'Emma Salonen',
  'Juho Turunen',
];

/** Constant text as an SQL array literal (the values hold no quote). */
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]`;

/** A uuid (version 4, as validators expect) derived from text: the same text, the same id. */
const UUID = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/** $1 run, $2..$3 row numbers. */
const INSERT_CUSTOMERS = `
  INSERT INTO customers (id, external_id, email, name, locale)
  SELECT ${UUID(`$1::text || 'c' || n`)}, 'scale-' || $1::text || '-' || n, 'scale-' || n || '@example.com',
    'Customer ' || n, CASE WHEN n % 4 = 0 THEN 'fi' ELSE 'en' END
  FROM generate_series($2::int, $3::int) n`;

/**
 * An answer to each of the version's questions (in `drawn`: `b` the row's draws, `v` its
 * version), for the per-question results: a rating or one choice at random, and for a multiple
 * choice each option ticked by two in five unhappier customers and one in twelve of the others.
 */
const ANSWERS = `(
  SELECT jsonb_build_object('questions', coalesce(jsonb_object_agg(q->>'id', pick.answer)
      FILTER (WHERE pick.answer IS NOT NULL), '{}'::jsonb), 'preferences', '[]'::jsonb)
  FROM jsonb_array_elements(v.questions) q
  CROSS JOIN LATERAL (SELECT CASE q->>'type'
    WHEN 'rating' THEN to_jsonb((1 + floor(random() * 5))::int::text)
    WHEN 'single_choice' THEN q->'options'->(floor(random() * jsonb_array_length(q->'options')))::int->'value'
    WHEN 'multiple_choice' THEN (
      SELECT jsonb_agg(o->'value') FROM jsonb_array_elements(q->'options') o
      WHERE random() < CASE WHEN b.t < 0.25 THEN 0.4 ELSE 0.08 END)
    END AS answer) pick
) AS answers`;

/**
 * One statement per batch: invitations, consent events and identified answers, anonymous answers,
 * cases and recovery answers. Every choice comes from one random draw per row (r, s, t; q for
 * the channel, k for the member of staff and so the location), so the shares hold in every batch. $1 run, $2..$3 invitation numbers, $4 customers, $5 days, $6 first
 * consent event id, $7 chance that an unhappy identified answer has a case.
 */
const INSERT_ANSWERS = `
  WITH versions AS (
    SELECT v.id, v.scale, v.dissatisfied_at_or_below AS threshold, s.key, v.questions
    FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
    WHERE s.key IN ('stay', 'recommend') AND v.version = s.current_version
  ),
  causes AS (SELECT array_agg(key ORDER BY key) AS keys FROM root_causes WHERE retired_at IS NULL),
  agents AS (
    SELECT array_agg(u.id ORDER BY u.id) FILTER (WHERE t.name = 'Customer Care') AS care,
      array_agg(u.id ORDER BY u.id) FILTER (WHERE t.name = 'Billing') AS billing,
      (array_agg(t.id) FILTER (WHERE t.name = 'Customer Care'))[1] AS care_team,
      (array_agg(t.id) FILTER (WHERE t.name = 'Billing'))[1] AS billing_team
    FROM users u JOIN teams t ON t.id = u.team_id WHERE u.role = 'agent'
  ),
  base AS (
    SELECT n, random() AS r, random() AS s, random() AS t, random() AS q,
      -- Who served them: some of the staff see more customers than others.
      least(${STAFF.length - 1}, floor(${STAFF.length} * power(random(), 1.2)))::int AS k,
      now() - make_interval(secs => $5::int * 86400 * random()) AS sent_at
    FROM generate_series($2::int, $3::int) n
  ),
  placed AS (
    SELECT b.n, b.r, b.s, b.sent_at, b.k,
      -- Some of the staff make their customers a little happier than others do.
      least(0.999, greatest(0, b.t + ((b.k * 7) % 11 - 5) / 50.0)) AS t,
      (${sqlArray(LOCATIONS)})[1 + b.k / ${STAFF_PER_LOCATION}] AS location,
      CASE WHEN b.q < 0.5 THEN 'front desk' WHEN b.q < 0.75 THEN 'phone' WHEN b.q < 0.9 THEN 'web'
        ELSE 'app' END AS channel
    FROM base b
  ),
  drawn AS (
    SELECT b.*, ${UUID(`$1::text || 'i' || b.n`)} AS invitation_id, ${UUID(`$1::text || 'c' || (b.n % $4)`)} AS customer_id,
      v.id AS version_id, v.scale, v.threshold,
      CASE WHEN b.r < ${ANSWERED * IDENTIFIED} THEN 'identified' WHEN b.r < ${ANSWERED} THEN 'anonymous' END AS answer,
      least(now(), b.sent_at + make_interval(secs => 259200 * b.s * b.s)) AS answered_at,
      CASE WHEN v.scale = 'csat5' THEN
        CASE WHEN b.t < 0.05 THEN 1 WHEN b.t < 0.13 THEN 2 WHEN b.t < 0.25 THEN 3 WHEN b.t < 0.6 THEN 4 ELSE 5 END
      ELSE
        CASE WHEN b.t < 0.25 THEN floor(b.t * 28)::int WHEN b.t < 0.45 THEN 7 + (b.t * 100)::int % 2 ELSE 9 + (b.t * 100)::int % 2 END
      END AS score,
      ${ANSWERS}
    FROM placed b JOIN versions v ON v.key = CASE WHEN b.n % 5 = 0 THEN 'recommend' ELSE 'stay' END
  ),
  invited AS (
    INSERT INTO invitations (id, customer_id, survey_version_id, touchpoint_type, touchpoint_reference,
      touchpoint_location, touchpoint_channel, touchpoint_staff_id, touchpoint_staff_name,
      token_hash, status, send_at, sent_at, answered_at, expires_at, created_at)
    SELECT invitation_id, customer_id, version_id,
      (ARRAY['stay', 'restaurant', 'spa'])[1 + n % 3], 'SCALE-' || n, location, channel,
      -- A person serves at the front desk and on the phone; the web and the app are nobody's.
      CASE WHEN channel IN ('front desk', 'phone') THEN 'E-' || (1001 + k) END,
      CASE WHEN channel IN ('front desk', 'phone') THEN (${sqlArray(STAFF)})[1 + k] END,
      md5($1::text || 'token' || n),
      CASE WHEN answer IS NULL THEN 'sent' ELSE 'answered' END, sent_at, sent_at,
      CASE WHEN answer IS NULL THEN NULL ELSE answered_at END, sent_at + interval '30 days', sent_at
    FROM drawn
  ),
  consented AS (
    INSERT INTO consent_events (id, customer_id, purpose, action, consent_text_id, source, invitation_id, occurred_at)
    SELECT $6::bigint + n, customer_id, 'identified_feedback', 'granted',
      (SELECT id FROM consent_texts WHERE purpose = 'identified_feedback' AND locale = 'en' ORDER BY version DESC LIMIT 1),
      'survey_page', invitation_id, answered_at
    FROM drawn WHERE answer = 'identified'
  ),
  answered AS (
    INSERT INTO responses (id, survey_version_id, invitation_id, customer_id, consent_event_id, score,
      dissatisfied, answers, comment, submitted_at)
    SELECT ${UUID(`$1::text || 'r' || n`)}, version_id, invitation_id, customer_id, $6::bigint + n, score,
      score <= threshold, answers, CASE WHEN s < 0.3 THEN 'Scale comment ' || n END, answered_at
    FROM drawn WHERE answer = 'identified'
  ),
  anonymous AS (
    INSERT INTO anonymous_responses (survey_version_id, score, dissatisfied, answers, comment, submitted_month,
      touchpoint_location, touchpoint_channel)
    SELECT version_id, score, score <= threshold, answers, CASE WHEN s < 0.3 THEN 'Anonymous comment' END,
      date_trunc('month', answered_at AT TIME ZONE 'UTC')::date, location, channel
    FROM drawn WHERE answer = 'anonymous'
  ),
  unhappy AS (
    SELECT r.*, random() AS u, random() AS w, r.n % 2 = 0 AS in_care,
      now() - r.answered_at > interval '7 days' AS settled
    FROM drawn r
    WHERE r.answer = 'identified' AND r.score <= r.threshold AND random() < $7
  ),
  staged AS (
    SELECT h.*,
      CASE
        WHEN h.u < (CASE WHEN h.settled THEN 0.03 ELSE 0.3 END) THEN 'open'
        WHEN h.u < (CASE WHEN h.settled THEN 0.06 ELSE 0.5 END) THEN 'assigned'
        WHEN h.u < (CASE WHEN h.settled THEN 0.1 ELSE 0.7 END) THEN 'contacted'
        WHEN h.u < 0.12 AND h.settled THEN 'withdrawn'
        WHEN h.u < 0.6 THEN 'resolved'
        ELSE 'closed'
      END AS status,
      h.answered_at + make_interval(secs => 172800 * h.w) AS contacted_at,
      h.answered_at + make_interval(secs => 43200 + 720000 * h.w * h.w) AS resolved_at
    FROM unhappy h
  ),
  opened AS (
    INSERT INTO follow_up_cases (id, source, invitation_id, response_id, customer_id, survey_version_id,
      status, priority, team_id, assignee_id, first_contact_due_at, resolution_due_at, created_at, updated_at,
      first_contacted_at, resolved_at, root_cause, resolution, overdue_at)
    SELECT ${UUID(`$1::text || 'case' || n`)}, 'dissatisfied_answer', invitation_id, ${UUID(`$1::text || 'r' || n`)},
      customer_id, version_id, status, CASE WHEN score = 1 OR score = 0 THEN 1 ELSE 2 END,
      CASE WHEN in_care THEN a.care_team ELSE a.billing_team END,
      CASE WHEN status = 'open' THEN NULL
        WHEN in_care THEN a.care[1 + n % array_length(a.care, 1)]
        ELSE a.billing[1 + n % array_length(a.billing, 1)] END,
      answered_at + interval '24 hours', answered_at + interval '5 days', answered_at, answered_at,
      CASE WHEN status IN ('contacted', 'resolved', 'closed') THEN least(contacted_at, now()) END,
      CASE WHEN status IN ('resolved', 'closed') THEN least(greatest(resolved_at, contacted_at), now()) END,
      CASE WHEN status IN ('resolved', 'closed') THEN
        causes.keys[1 + (w * 1000)::int % array_length(causes.keys, 1)] END,
      CASE WHEN status IN ('resolved', 'closed') THEN 'Resolved in the scale seed' END,
      CASE WHEN status IN ('open', 'assigned') AND answered_at + interval '24 hours' < now()
          THEN answered_at + interval '24 hours'
        WHEN status = 'contacted' AND answered_at + interval '5 days' < now()
          THEN answered_at + interval '5 days' END
    FROM staged, agents a, causes
    RETURNING id, status, resolved_at
  ),
  recovered AS (
    INSERT INTO case_recoveries (id, case_id, token_hash, created_at, expires_at, answered_at, score, recovered)
    SELECT gen_random_uuid(), id, md5($1::text || 'recovery' || id::text), resolved_at, resolved_at + interval '14 days',
      CASE WHEN answered THEN least(resolved_at + interval '1 day', now()) END,
      CASE WHEN answered THEN (CASE WHEN status = 'closed' THEN 4 ELSE 2 END) END,
      CASE WHEN answered THEN status = 'closed' END
    FROM (SELECT *, status = 'closed' OR random() < 0.2 AS answered FROM opened) o
    WHERE status IN ('resolved', 'closed')
  )
  SELECT (SELECT count(*) FROM drawn WHERE answer = 'identified')::int AS identified,
    (SELECT count(*) FROM drawn WHERE answer = 'anonymous')::int AS anonymous,
    (SELECT count(*) FROM opened)::int AS cases`;

/** Profiles for one customer in ten: contexts, channels, contact times, interests. */
const INSERT_PREFERENCES = `
  INSERT INTO preference_profiles (customer_id, context, channel, contact_time, interests)
  SELECT c.id, (ARRAY['family_travel', 'business_travel', 'with_friends'])[1 + n % 3],
    (ARRAY['email', 'phone', 'sms'])[1 + (n / 3) % 3], (ARRAY['morning', 'daytime', 'evening'])[1 + (n / 9) % 3],
    CASE (n / 27) % 3 WHEN 0 THEN ARRAY['spa', 'dining'] WHEN 1 THEN ARRAY['meetings', 'dining']
      ELSE ARRAY['kids', 'spa'] END
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers WHERE external_id LIKE 'scale-' || $1::text || '-%') c
  WHERE n % 10 = 0
  ON CONFLICT DO NOTHING`;
