// @ts-check
// The receiver's HTTP side: Candor's webhooks in, and the CRM's own "resolve this ticket" button.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** Candor's messages are a few KiB; anything much larger is not one of them. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @typedef {import('./tickets.mjs').TicketTable} TicketTable
 * @typedef {ReturnType<typeof import('./candor.mjs').candorClient>} Candor
 * @typedef {{ id: string, type: string, occurredAt: string, data: Record<string, unknown> }} Message
 * @typedef {{ status: number, body: unknown }} Answer
 */

/**
 * @param {{ secret: string, tickets: TicketTable, candor: Candor, log: (line: string) => void }} options
 */
export function createReceiver({ secret, tickets, candor, log }) {
  const webhook = new Webhook(secret);
  // One request at a time touches the table: a handler awaits Candor's API midway, and two
  // messages of one case (Candor sends several at once) must not both open a ticket.
  let turn = Promise.resolve();
  /** @param {() => Promise<Answer>} work */
  const inTurn = (work) => {
    const done = turn.then(work);
    turn = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  };

  /** @type {(method: string, path: string, body: string, headers: Record<string, string>) => Promise<Answer>} */
  const route = async (method, path, body, headers) => {
    if (method === 'POST' && path === '/webhooks') {
      return receive(webhook, body, headers, (message) =>
        inTurn(() => handleMessage(message, headers['webhook-id'], tickets, candor, log)),
      );
    }
    if (method === 'GET' && path === '/tickets') return { status: 200, body: tickets.list() };
    const ticketPath = /^\/tickets\/([A-Za-z0-9-]{1,40})(\/resolve)?$/.exec(path);
    if (ticketPath && method === 'GET' && !ticketPath[2]) {
      const ticket = tickets.get(ticketPath[1]);
      return ticket ? { status: 200, body: ticket } : noTicket(ticketPath[1]);
    }
    if (ticketPath && method === 'POST' && ticketPath[2]) {
      const id = ticketPath[1];
      return inTurn(() => resolveTicket(id, body, tickets, candor, log));
    }
    return problem(404, 'not_found', `Nothing at ${method} ${path}.`);
  };

  return createServer((request, response) => {
    readBody(request)
      .then((body) =>
        body === null
          ? problem(413, 'too_large', `A message has at most ${MAX_BODY_BYTES} bytes.`)
          : route(
              request.method ?? 'GET',
              (request.url ?? '/').split('?')[0],
              body,
              flatHeaders(request.headers),
            ),
      )
      .catch((error) => {
        log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return problem(500, 'receiver_failed', 'The receiver failed: its log says why.');
      })
      .then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      })
      .catch(() => response.destroy());
  });
}

/**
 * Verifies the Standard Webhooks signature (and that its timestamp is within 5 minutes) before
 * anything else: a message that does not verify is refused with 400, and Candor's log shows it.
 *
 * @param {Webhook} webhook
 * @param {string} body the raw body: a re-serialised JSON would not verify
 * @param {Record<string, string>} headers
 * @param {(message: Message) => Promise<Answer>} handle
 * @returns {Promise<Answer>}
 */
async function receive(webhook, body, headers, handle) {
  let message;
  try {
    message = /** @type {Message} */ (webhook.verify(body, headers));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(400, 'bad_signature', `The message does not verify: ${reason}.`);
  }
  return handle(message);
}

/**
 * @param {Message} message
 * @param {string} webhookId the same for every attempt at one message
 * @param {TicketTable} tickets
 * @param {Candor} candor
 * @param {(line: string) => void} log
 * @returns {Promise<Answer>}
 */
async function handleMessage(message, webhookId, tickets, candor, log) {
  if (tickets.handled(webhookId)) {
    log(`${message.type} ${webhookId}: already handled, answered 200 again`);
    return { status: 200, body: { received: webhookId, duplicate: true } };
  }
  try {
    const note = await mirror(message, tickets, candor);
    tickets.markHandled(webhookId);
    log(`${message.type} ${webhookId}: signature verified; ${note}`);
    return { status: 200, body: { received: webhookId } };
  } finally {
    tickets.save();
  }
}

/**
 * What the CRM does with each message; answers a line for the log.
 *
 * @param {Message} message
 * @param {TicketTable} tickets
 * @param {Candor} candor
 * @returns {Promise<string>}
 */
async function mirror(message, tickets, candor) {
  if (message.type === 'customer.erased') {
    const customer = /** @type {{ customer: { id: string } }} */ (message.data).customer;
    return `${tickets.erase(customer.id)} ticket(s) of customer ${customer.id} erased`;
  }
  if (!MIRRORED.has(message.type)) return 'not mirrored';
  const data = /** @type {import('./tickets.mjs').CaseEventData} */ (message.data);
  const ticket = tickets.mirror(message.type, message.occurredAt, data);
  // Candor learns the ticket's id once, from the first message of the case the CRM sees. A case
  // another system named (an externalRef not ours) is left to it.
  if (ticket.linkedAs === null) {
    const linked = await candor.linkTicket(ticket.caseId, ticket.id);
    if (!linked.ok && linked.error.status >= 500) {
      throw new Error(`linking ${ticket.id}: ${linked.error.body.message}`);
    }
    if (!linked.ok) return `ticket ${ticket.id} not linked: ${linked.error.body.message}`;
    tickets.update(ticket, linked.value);
    return `ticket ${ticket.id} (case ${ticket.caseId}, ${ticket.status}), linked as its externalRef`;
  }
  return `ticket ${ticket.id} (case ${ticket.caseId}, ${ticket.status})`;
}

const MIRRORED = new Set([
  'case.opened',
  'case.assigned',
  'case.resolved',
  'case.reopened',
  'case.closed',
]);

/**
 * The CRM's agent resolved the ticket: the case is resolved in Candor (after giving it to
 * `assignTo` when it still waits in Candor's queue), and Candor sends the recovery survey.
 *
 * @param {string} id the ticket's
 * @param {string} body `{rootCause, resolution, assignTo?}`
 * @param {TicketTable} tickets
 * @param {Candor} candor
 * @param {(line: string) => void} log
 * @returns {Promise<Answer>}
 */
async function resolveTicket(id, body, tickets, candor, log) {
  const ticket = tickets.get(id);
  if (!ticket) return noTicket(id);
  /** @type {Record<string, unknown>} */
  let fields;
  try {
    fields = JSON.parse(body || '{}');
  } catch {
    return problem(400, 'validation_failed', 'The body must be JSON: {rootCause, resolution}.');
  }
  const { rootCause, resolution, assignTo } = fields;
  if (typeof rootCause !== 'string' || typeof resolution !== 'string') {
    return problem(
      400,
      'validation_failed',
      'Give rootCause (a key of Candor’s root causes, such as product_quality) and resolution (what was done), as text.',
    );
  }
  if (assignTo !== undefined && typeof assignTo !== 'string') {
    return problem(400, 'validation_failed', 'assignTo must be a Candor user id.');
  }
  try {
    if (assignTo) {
      const assigned = await candor.assign(ticket.caseId, assignTo);
      if (!assigned.ok) return assigned.error;
    }
    const resolved = await candor.resolve(ticket.caseId, { rootCause, resolution });
    if (!resolved.ok) return resolved.error;
    tickets.update(ticket, resolved.value);
  } finally {
    tickets.save();
  }
  log(
    `ticket ${ticket.id} resolved in Candor (case ${ticket.caseId}): the recovery survey goes out`,
  );
  return { status: 200, body: ticket };
}

/** @param {string} id */
function noTicket(id) {
  return problem(404, 'not_found', `No ticket ${id}.`);
}

/**
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @returns {Answer}
 */
function problem(status, code, message) {
  return { status, body: { code, message } };
}

/**
 * The body as text, or null past the limit.
 *
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<string | null>}
 */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += /** @type {Buffer} */ (chunk).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** @param {import('node:http').IncomingHttpHeaders} headers */
function flatHeaders(headers) {
  /** @type {Record<string, string>} */
  const flat = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
