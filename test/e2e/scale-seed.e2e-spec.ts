import { DataSource } from 'typeorm';
import { addBusinessHours, DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';
import { seedScale } from '../../src/modules/demo/scale-seed';
import { startTestApp, type TestApp } from '../support/app';

/** The demo's and the benchmark's data: deadlines counted as a real opening counts them. */
describe('the scale seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api' });
  });
  afterAll(() => t.close());

  it('gives its cases business-hour deadlines from the answer, and overdue marks from them', async () => {
    const steps = new Set<string>();
    const seeded = await seedScale(t.app, {
      responses: 2_000,
      cases: 150,
      days: 30,
      agentsPerTeam: 1,
      onProgress: (step) => steps.add(step),
    });
    expect(seeded.cases).toBeGreaterThan(50);
    expect(steps).toContain('case deadlines in business hours');
    const cases = await t.app.get(DataSource).query<
      {
        created_at: Date;
        status: string;
        first_contact_due_at: Date;
        resolution_due_at: Date;
        overdue_at: Date | null;
      }[]
    >(
      `SELECT created_at, status, first_contact_due_at, resolution_due_at, overdue_at
       FROM follow_up_cases`,
    );
    expect(cases).toHaveLength(seeded.cases);
    for (const c of cases) {
      expect(c.first_contact_due_at).toEqual(addBusinessHours(c.created_at, 24, DEFAULT_CALENDAR));
      expect(c.resolution_due_at).toEqual(addBusinessHours(c.created_at, 240, DEFAULT_CALENDAR));
      const waiting = ['open', 'assigned'].includes(c.status);
      const late = waiting && c.first_contact_due_at.getTime() < Date.now();
      if (late) expect(c.overdue_at).toEqual(c.first_contact_due_at);
      if (!waiting && c.status !== 'contacted') expect(c.overdue_at).toBeNull();
    }
  });
});
