import {
  type Bucket,
  CASES,
  INVITATIONS,
  PLAIN_ROLLUPS,
  type Rollups,
  SCORES,
  touchpointBucket,
  TOUCHPOINT_ROLLUPS,
} from './report-facts-sql';
import { bind, type ReportScope, scopeValues, TOUCHPOINT } from './report-sql';

const SCOPE: ReportScope = {
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-04-01T00:00:00Z'),
  surveyId: null,
  surveyKey: null,
  teamId: null,
  agentId: null,
  touchpointType: null,
};

/** Every value a statement may name, as `ReportFacts.values` gives them. */
const VALUES = {
  ...scopeValues({ ...SCOPE, location: 'Helsinki', staffId: 'E-1' }),
  through: new Date(),
  liveUntil: SCOPE.from,
  liveAgain: SCOPE.to,
  rolledFrom: '2026-03-01',
  rolledTo: '2026-04-01',
  anonymousFrom: '2026-03-01',
  anonymousTo: '2026-04-01',
};

const period: Bucket = {
  live: () => ':from::timestamptz',
  rolled: ':from::timestamptz',
  single: true,
};
const statements = (rollups: Rollups, bucket = period) => [
  INVITATIONS(bucket, rollups),
  SCORES(bucket, rollups),
  CASES(bucket, true, rollups),
];

describe('the report statements', () => {
  it('read the plain rollups unless asked for the touchpoint ones', () => {
    const plain = statements(PLAIN_ROLLUPS).join('\n');
    expect(plain).toMatch(/FROM report_invitation_days d/);
    expect(plain).toMatch(/FROM report_answer_days d/);
    expect(plain).toMatch(/FROM report_case_days d/);
    expect(plain).not.toContain('_touchpoint_days');
    // The plain rollups hold no place or person: no filter on them may name one.
    expect(plain).not.toMatch(/d\.(location|channel|staff_id)/);

    const where = statements(TOUCHPOINT_ROLLUPS).join('\n');
    for (const table of ['invitation', 'answer', 'case']) {
      expect(where).toContain(`FROM report_${table}_touchpoint_days d`);
    }
    expect(where).toContain('d.location = :location');
    expect(where).toContain('d.staff_id = :staff');
  });

  it('filter the tables by where the touchpoint happened', () => {
    for (const sql of statements(PLAIN_ROLLUPS)) {
      expect(sql).toMatch(/touchpoint_location = :location/);
      expect(sql).toMatch(/touchpoint_staff_id = :staff/);
    }
    // No filter at all: one condition true by itself, so the invitations are not looked up.
    expect(TOUCHPOINT('r.invitation_id')).toMatch(
      /^\(\(:touchpoint::text IS NULL AND :location::text IS NULL AND :channel::text IS NULL\s+AND :staff::text IS NULL\)/,
    );
  });

  it('group a breakdown by the rollups’ column and, in the tables, by the invitation’s', () => {
    const bucket = touchpointBucket('staff');
    expect(bucket.rolled).toBe('d.staff_id');
    expect(bucket.live('r.submitted_at', 'r.invitation_id')).toBe(
      "(SELECT coalesce(bi.touchpoint_staff_id, '') FROM invitations bi WHERE bi.id = r.invitation_id)",
    );
    const scores = SCORES(touchpointBucket('location'), TOUCHPOINT_ROLLUPS);
    expect(scores).toContain('SELECT d.location, d.survey_version_id');
    expect(scores).toContain('bi.touchpoint_location');
  });

  it('bind every parameter they name, and only those', () => {
    for (const sql of [
      ...statements(PLAIN_ROLLUPS),
      ...statements(TOUCHPOINT_ROLLUPS, touchpointBucket('channel')),
    ]) {
      const [text, parameters] = bind(sql, VALUES);
      expect(text).not.toMatch(/(?<!:):[a-z][A-Za-z]*\b/);
      const highest = Math.max(...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(parameters).toHaveLength(highest);
    }
  });
});
