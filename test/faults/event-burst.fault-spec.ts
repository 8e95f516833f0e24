import { setTimeout as sleep } from 'node:timers/promises';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { startSurveyTestApp, type Invited, type SurveyTestApp } from '../support/survey-fixtures';
import { childAppEnv, spawnAppProcess, type AppProcess } from '../support/worker-process';

const ANSWERS = 300;
/** What the issue promises the last customer: a case and a thank-you within this of answering. */
const CATCH_UP_MS = 20_000;

jest.setTimeout(240_000);

/** Runs `task` over `items` with at most `limit` in flight. */
async function inParallel<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]);
      }
    }),
  );
  return results;
}

describe('a burst of 300 unhappy answers, two worker processes', () => {
  const catcher = new MailCatcher({ capacity: 4 * ANSWERS });
  const workers: AppProcess[] = [];
  let t: SurveyTestApp;

  beforeAll(async () => {
    await catcher.start();
    t = await startSurveyTestApp({ ROLE: 'api', SMTP_URL: catcher.url });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await t?.close();
    await catcher.stop();
  });

  async function startWorker(): Promise<void> {
    const worker = spawnAppProcess(
      await childAppEnv(t, { ROLE: 'worker', SMTP_URL: catcher.url, MAIL_SEND_RATE: '200' }),
    );
    workers.push(worker);
    await worker.waitUntilReady();
  }

  it('opens every case and sends every thank-you within 20 s of the last answer', async () => {
    const invited: Invited[] = await inParallel(
      Array.from({ length: ANSWERS }, (_, i) => i),
      8,
      () => t.invite(),
    );
    await Promise.all([startWorker(), startWorker()]);
    const consentText = await t.consentTextId();
    // The invitations go out first, so the burst below is measured on its own.
    const invitationsBy = Date.now() + 120_000;
    while (catcher.messages().length < ANSWERS) {
      if (Date.now() > invitationsBy)
        throw new Error(`${catcher.messages().length} invitations sent`);
      await sleep(100);
    }

    await inParallel(invited, 16, async ({ token }) => {
      const response = await t
        .http()
        .post(`/s/${token}`)
        .set('accept', 'application/json')
        .send({ consent: 'identified', consentText, score: 1, comment: 'Cold room.' });
      if (response.status !== 201) {
        throw new Error(`answer refused: ${response.status} ${JSON.stringify(response.body)}`);
      }
    });
    const lastAnswerAt = Date.now();

    const thankYous = () =>
      catcher.messages().filter((mail) => mail.subject === 'Thank you: we will be in touch').length;
    let cases = 0;
    while (Date.now() - lastAnswerAt < CATCH_UP_MS + 60_000) {
      cases = await t.count(`SELECT count(*)::int AS n FROM follow_up_cases WHERE status = 'open'`);
      if (cases === ANSWERS && thankYous() === ANSWERS) break;
      const dead = workers.find((worker) => worker.exited());
      if (dead) throw new Error(`a worker exited:\n${dead.output()}`);
      await sleep(100);
    }
    const caughtUpMs = Date.now() - lastAnswerAt;
    expect({ cases, thankYous: thankYous() }).toEqual({ cases: ANSWERS, thankYous: ANSWERS });
    expect(caughtUpMs).toBeLessThanOrEqual(CATCH_UP_MS);
  });
});
