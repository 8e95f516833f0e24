import { deadlineText } from '../../src/common/i18n/deadline';
import { DEFAULT_CALENDAR } from '../../src/modules/cases/business-hours';
import { CaseOpening } from '../../src/modules/cases/case-opening';
import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';

/**
 * The thank-you page promises contact by the case's first-contact deadline: the same instant the
 * case gets, counted in business hours from the answer. The API role runs no worker, so each
 * case opens when the test says, after the page has made its promise from the answer alone.
 */
describe('the follow-up promise (API role: cases opened by the test)', () => {
  let t: SurveyTestApp;

  beforeAll(async () => {
    t = await startSurveyTestApp({ ROLE: 'api' });
    await t.db.query(
      `INSERT INTO case_settings (id, calendar, routing, priority_rules) VALUES (1, $1, '[]', '[]')
       ON CONFLICT (id) DO UPDATE SET calendar = EXCLUDED.calendar`,
      [{ ...DEFAULT_CALENDAR, holidays: ['2026-12-25'] }],
    );
  });
  afterAll(async () => {
    await t.db.query('DELETE FROM case_settings');
    await t.close();
  });

  /** An unhappy answer given at `answeredAt`; what its thank-you promises, before and after its case opens. */
  async function promiseFor(answeredAt: string, locale = 'en') {
    const invited = await t.invite({ locale });
    await answerIdentified(t, invited, {}, locale);
    const {
      rows: [response],
    } = await t.db.query<{ id: string }>(
      `UPDATE responses SET submitted_at = $2 WHERE invitation_id = $1 RETURNING id`,
      [invited.id, answeredAt],
    );
    const lead = async () => {
      const page = await t.http().get(`/s/${invited.token}/thanks`).expect(200);
      return /<p class="lead">([^<]*)<\/p>/.exec(page.text)![1];
    };
    const beforeCase = await lead();
    await t.app.get(CaseOpening).openForResponse(response.id);
    const {
      rows: [opened],
    } = await t.db.query<{ first_contact_due_at: Date }>(
      'SELECT first_contact_due_at FROM follow_up_cases WHERE response_id = $1',
      [response.id],
    );
    return { beforeCase, afterCase: await lead(), dueAt: opened.first_contact_due_at };
  }

  it.each([
    // Saturday morning: the clock starts Monday 08:00; three 8-hour days.
    [
      'a Saturday',
      '2026-12-05T07:08:00Z',
      '2026-12-09T14:00:00.000Z',
      'Wednesday 9 December, 16:00',
    ],
    // Friday 15:59: one minute on Friday, the rest from Monday.
    [
      'a Friday at 15:59',
      '2026-12-04T13:59:00Z',
      '2026-12-09T13:59:00.000Z',
      'Wednesday 9 December, 15:59',
    ],
    // Christmas Eve 10:00, Christmas Day a holiday: six hours Thursday, then Monday to Wednesday.
    [
      'a holiday eve',
      '2026-12-24T08:00:00Z',
      '2026-12-30T08:00:00.000Z',
      'Wednesday 30 December, 10:00',
    ],
  ])('promises the case deadline for an answer on %s', async (_when, answeredAt, due, words) => {
    const { beforeCase, afterCase, dueAt } = await promiseFor(answeredAt);
    expect(dueAt.toISOString()).toBe(due);
    expect(beforeCase).toContain(`will contact you by ${words}.`);
    expect(afterCase).toBe(beforeCase);
  });

  it('says it in the customer language', async () => {
    const { beforeCase, dueAt } = await promiseFor('2026-12-05T07:08:00Z', 'fi');
    expect(beforeCase).toContain(`viimeistään ${deadlineText('fi', dueAt, 'Europe/Helsinki')}.`);
    expect(beforeCase).toContain('viimeistään keskiviikkona 9.12. klo 16.00.');
  });
});
