import {
  answerIdentified,
  startSurveyTestApp,
  type SurveyTestApp,
} from '../support/survey-fixtures';
import { eventually } from '../support/eventually';
import { WebhookReceiver } from '../support/webhook-receiver';
import {
  READY_TIMEOUT_MS,
  childAppEnv,
  spawnAppProcess,
  type AppProcess,
} from '../support/worker-process';

const ANSWERS = 20;
/** Jobs (and so the webhooks' claims, at least 15 s) come back this soon after a killed worker. */
const MAX_RUN_SECONDS = '5';

jest.setTimeout(2 * READY_TIMEOUT_MS + 120_000);

/**
 * A worker killed with SIGKILL while its webhook deliveries are in flight (the receiver holds them
 * unanswered): another worker takes over the sending once the dead one's job expires and sends
 * every one of them once its claims run out; none is lost.
 */
describe('a worker killed in the middle of webhook deliveries', () => {
  let t: SurveyTestApp;
  let receiver: WebhookReceiver;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startSurveyTestApp({ ROLE: 'api', WEBHOOK_ALLOW_PRIVATE: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await t?.close();
    await receiver?.close();
  });

  async function startWorker(): Promise<AppProcess> {
    const worker = spawnAppProcess(
      await childAppEnv(t, {
        ROLE: 'worker',
        JOBS_MAX_RUN_SECONDS: MAX_RUN_SECONDS,
        // The dead worker's sending job holds the queue (one at a time) until maintenance ends it.
        JOBS_MAINTENANCE_SECONDS: '1',
        WEBHOOK_ALLOW_PRIVATE: '127.0.0.1',
      }),
    );
    workers.push(worker);
    await worker.waitUntilReady();
    return worker;
  }

  it('sends every delivery the dead worker held, once its claims run out', async () => {
    await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: receiver.url, eventTypes: ['response.received'] })
      .expect(201);
    let hanging = true;
    receiver.answer = () => (hanging ? 'hang' : 200);
    for (let i = 0; i < ANSWERS; i++) await answerIdentified(t, await t.invite(), { score: 5 });
    expect(await t.count('SELECT count(*)::int AS n FROM webhook_deliveries')).toBe(ANSWERS);

    const first = await startWorker();
    await eventually(() => {
      if (receiver.arrivals < ANSWERS) throw new Error(`${receiver.arrivals} in flight`);
    }, 60_000);
    await first.stop('SIGKILL');
    hanging = false;
    // Held by the dead worker: still pending, and claimed for a while yet.
    expect(
      await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries
         WHERE status = 'pending' AND locked_until > now()`,
      ),
    ).toBe(ANSWERS);

    // (Started after the kill, so that its start-up, slow on a loaded machine, does not outlast
    // the claims: the test is of claims held by a dead worker.)
    await startWorker();
    await eventually(async () => {
      const delivered = await t.count(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`,
      );
      if (delivered < ANSWERS) throw new Error(`${delivered} of ${ANSWERS} delivered`);
    }, 90_000);
    const ids = receiver.accepted('response.received').map((message) => message.json.id);
    expect(new Set(ids).size).toBe(ANSWERS);
    expect(ids).toHaveLength(ANSWERS);
  });
});
