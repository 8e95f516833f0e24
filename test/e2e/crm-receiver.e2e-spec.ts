import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { createApiKey, createUser } from '../support/factories';
import { type SurveyTestApp, startSurveyTestApp, unhappyCase } from '../support/survey-fixtures';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'crm-receiver');

interface Ticket {
  id: string;
  caseId: string;
  customerId: string;
  customerExternalId: string | null;
  status: string;
  assignee: { id: string; name: string | null } | null;
  rootCause: string | null;
  linkedAs: string | null;
  history: { type: string; by: string }[];
}

/** The example receiver, run as its README says: `node examples/crm-receiver/receiver.mjs`. */
class ReceiverProcess {
  private output = '';
  url = '';
  private readonly child: ChildProcess;

  private constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [join(EXAMPLE, 'receiver.mjs')], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
  }

  /** Started with `env`, once it says where it listens. */
  static async start(env: Record<string, string>): Promise<ReceiverProcess> {
    const receiver = new ReceiverProcess(env);
    receiver.url = await eventually(() => {
      if (receiver.child.exitCode !== null) throw new Error(`it ended: ${receiver.output}`);
      const listening = /listening on (http:\/\/\S+)/.exec(receiver.output);
      if (!listening) throw new Error(`it is not listening yet: ${receiver.output}`);
      return listening[1];
    }, 10_000);
    return receiver;
  }

  log(): string {
    return this.output;
  }

  async tickets(): Promise<Ticket[]> {
    return (await (await fetch(`${this.url}/tickets`)).json()) as Ticket[];
  }

  post(path: string, body: string, headers: Record<string, string> = {}) {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

/**
 * The two-way CRM recipe of docs/integrations.md, with the example receiver in a Node process of
 * its own against the whole app listening on loopback: the webhook endpoint added through the API,
 * an unhappy answer's case mirrored as a ticket from a verified `case.opened`, the ticket's id set
 * as the case's externalRef, the case resolved from the receiver through the API, and the
 * customer's recovery email. (Issue 17's "done when".)
 */
describe('the example CRM receiver (examples/crm-receiver)', () => {
  let t: SurveyTestApp;
  let receiver: ReceiverProcess;
  let secret: string;
  let endpointId: string;
  let dataDir: string;
  const crmTickets = async (caseId: string) =>
    (await receiver.tickets()).filter((ticket) => ticket.caseId === caseId);

  beforeAll(async () => {
    t = await startSurveyTestApp({ WEBHOOK_ALLOW_PRIVATE: '127.0.0.1' });
    await t.app.listen(0, '127.0.0.1');
    const candorUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The endpoint first (its secret is shown once), pointed at the receiver once it listens.
    const created = await t
      .http()
      .post('/api/v1/webhook-endpoints')
      .set(t.auth)
      .send({ url: 'http://127.0.0.1:9/webhooks', description: 'Example CRM', enabled: false })
      .expect(201);
    secret = created.body.secret;
    endpointId = created.body.endpoint.id;
    dataDir = mkdtempSync(join(tmpdir(), 'candor-crm-receiver-'));
    receiver = await ReceiverProcess.start({
      CANDOR_URL: candorUrl,
      CANDOR_API_KEY: await createApiKey(t.app, 'Example CRM'),
      WEBHOOK_SECRET: secret,
      TICKETS_FILE: join(dataDir, 'tickets.json'),
    });
    await t
      .http()
      .patch(`/api/v1/webhook-endpoints/${endpointId}`)
      .set(t.auth)
      .send({ url: `${receiver.url}/webhooks`, enabled: true })
      .expect(200);
  });
  afterAll(async () => {
    await receiver?.stop();
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('mirrors a case from a signed case.opened, links its ticket, and resolves it back: the recovery email goes out', async () => {
    const agent = await createUser(t.app, 'agent');
    const { caseId, invited } = await unhappyCase(t, 1, {
      answer: { comment: 'The room was cold' },
    });

    const ticket = await eventually(async () => {
      const [found] = await crmTickets(caseId);
      if (!found || found.linkedAs !== found.id) throw new Error('no linked ticket yet');
      return found;
    }, 15_000);
    expect(ticket).toMatchObject({
      id: expect.stringMatching(/^T-[0-9A-F]{8}$/),
      status: 'open',
      customerExternalId: invited.externalId,
      history: [{ type: 'case.opened', by: 'Candor' }],
    });
    expect(receiver.log()).toMatch(/case\.opened evt_\d+: signature verified; ticket T-/);
    // Candor knows the case by the CRM's ticket id.
    const found = await t.http().get(`/api/v1/cases?externalRef=${ticket.id}`).set(t.auth);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([caseId]);

    // The CRM's agent resolves the ticket; the case waits in Candor's queue, so it is theirs first.
    const refused = await receiver.post(
      `/tickets/${ticket.id}/resolve`,
      JSON.stringify({ resolution: 'Radiator fixed' }),
    );
    expect(refused.status).toBe(400);
    const waiting = await receiver.post(
      `/tickets/${ticket.id}/resolve`,
      JSON.stringify({ rootCause: 'product_quality', resolution: 'Radiator fixed' }),
    );
    expect(waiting.status).toBe(409);
    expect(await waiting.json()).toMatchObject({ code: 'illegal_transition' });
    const resolved = await receiver.post(
      `/tickets/${ticket.id}/resolve`,
      JSON.stringify({
        rootCause: 'product_quality',
        resolution: 'Radiator fixed, a night refunded.',
        assignTo: agent.user.id,
      }),
    );
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ id: ticket.id, status: 'resolved' });

    const mail = await t.app
      .get(MailCatcher)
      .waitFor(
        (m) => m.envelope.to.includes(invited.email) && m.subject === 'Did we make it right?',
        10_000,
      );
    expect(mail.text).toMatch(/\/r\/[A-Za-z0-9_-]{32}/);

    // Candor's own messages of the CRM's actions come back, signed, into the ticket's history.
    const mirrored = await eventually(async () => {
      const [now] = await crmTickets(caseId);
      if (!now.history.some((entry) => entry.type === 'case.resolved')) {
        throw new Error('case.resolved not mirrored yet');
      }
      return now;
    }, 15_000);
    expect(mirrored).toMatchObject({
      status: 'resolved',
      rootCause: 'product_quality',
      assignee: { id: agent.user.id, name: agent.user.name },
    });
    expect(mirrored.history).toEqual(
      expect.arrayContaining([
        { type: 'case.assigned', at: expect.any(String), by: 'Example CRM (integration)' },
        { type: 'case.resolved', at: expect.any(String), by: 'Example CRM (integration)' },
      ]),
    );
    const detail = await t.http().get(`/api/v1/cases/${caseId}`).set(t.auth).expect(200);
    expect(detail.body.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'resolved', actorName: 'Example CRM' }),
      ]),
    );
  }, 60_000);

  it('refuses what does not verify (400) and takes a message sent again once (200)', async () => {
    const body = JSON.stringify({
      id: 'evt_999999',
      type: 'webhook.test',
      occurredAt: new Date().toISOString(),
      data: {},
    });
    const signedBy = (key: string, at = new Date()) => ({
      'webhook-id': 'evt_999999',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign('evt_999999', at, body),
    });
    const stranger = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    for (const [headers, sent] of [
      [{}, body],
      [signedBy(stranger), body],
      [signedBy(secret), body.replace('webhook.test', 'case.opened')],
      [signedBy(secret, new Date(Date.now() - 3_600_000)), body],
    ] as const) {
      const refused = await receiver.post('/webhooks', sent, headers);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'bad_signature' });
    }

    // Candor's redelivery sends the same webhook-id: answered 200, mirrored once.
    const { caseId } = await unhappyCase(t);
    const messageId = await eventually(() => {
      const line = new RegExp(
        `case\\.opened (evt_\\d+): signature verified; ticket \\S+ \\(case ${caseId}`,
      );
      const handled = line.exec(receiver.log());
      if (!handled) throw new Error('case.opened not handled yet');
      return handled[1];
    }, 15_000);
    const log = await t
      .http()
      .get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`)
      .set(t.auth)
      .expect(200);
    const delivery = (log.body.items as { id: string; messageId: string }[]).find(
      (item) => item.messageId === messageId,
    )!;
    await t
      .http()
      .post(`/api/v1/webhook-endpoints/${endpointId}/deliveries/${delivery.id}/redeliver`)
      .set(t.auth)
      .expect(202);
    await eventually(() => {
      if (!receiver.log().includes(`case.opened ${messageId}: already handled`)) {
        throw new Error('not sent again yet');
      }
    }, 15_000);
    const [ticket] = await crmTickets(caseId);
    expect(ticket.history.filter((entry) => entry.type === 'case.opened')).toHaveLength(1);
  }, 60_000);

  it("forgets an erased customer's tickets", async () => {
    const { caseId, invited } = await unhappyCase(t);
    await eventually(async () => {
      if ((await crmTickets(caseId)).length !== 1) throw new Error('no ticket yet');
    }, 15_000);
    await t.http().delete(`/api/v1/customers/${invited.externalId}`).set(t.auth).expect(202);
    await eventually(async () => {
      if ((await crmTickets(caseId)).length !== 0) throw new Error('the ticket is still there');
    }, 15_000);
  }, 60_000);
});
