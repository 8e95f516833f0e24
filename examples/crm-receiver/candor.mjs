// @ts-check
// Candor's API as the CRM calls it: an openapi-fetch client typed by the types openapi-typescript
// generates from Candor's OpenAPI document (`npm run api:types` writes examples/candor-api.d.ts).
import createClient from 'openapi-fetch';

/** @typedef {import('../candor-api.js').paths} paths */

/** A call that takes longer is given up (the receiver answers 500; Candor sends the message again). */
const TIMEOUT_MS = 5000;

/**
 * What a failed call answered: Candor's error shape (a code and a sentence), or a stand-in.
 *
 * @typedef {{ status: number, body: { code: string, message: string } }} CandorError
 */

/**
 * The calls the CRM makes, each answering `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * @param {string} baseUrl Candor's address, such as http://localhost:3000
 * @param {string} apiKey an API key (console: Admin → API keys; or `npm run cli -- api-key:create`)
 */
export function candorClient(baseUrl, apiKey) {
  /** @type {import('openapi-fetch').Client<paths>} */
  const client = createClient({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);

  return {
    /**
     * Names the CRM's ticket on the case: its `externalRef`, which every later message carries
     * and `GET /api/v1/cases?externalRef=` finds it by.
     *
     * @param {string} caseId
     * @param {string} ticketId
     */
    linkTicket: async (caseId, ticketId) =>
      outcome(
        await client.PATCH('/api/v1/cases/{id}', {
          params: { path: { id: caseId } },
          body: { externalRef: ticketId },
          signal: signal(),
        }),
      ),

    /**
     * Gives the case to a Candor user (the CRM's agent, as Candor knows them): a case waiting in
     * Candor's queue has nobody to resolve it as until someone has it.
     *
     * @param {string} caseId
     * @param {string} userId
     */
    assign: async (caseId, userId) =>
      outcome(
        await client.POST('/api/v1/cases/{id}/assign', {
          params: { path: { id: caseId } },
          body: { userId, comment: 'Assigned from the CRM.' },
          signal: signal(),
        }),
      ),

    /**
     * Resolves the case with a root cause of Candor's taxonomy: Candor then sends the customer
     * its recovery survey ("Did we make it right?").
     *
     * @param {string} caseId
     * @param {{ rootCause: string, resolution: string }} body
     */
    resolve: async (caseId, body) =>
      outcome(
        await client.POST('/api/v1/cases/{id}/resolve', {
          params: { path: { id: caseId } },
          body,
          signal: signal(),
        }),
      ),
  };
}

/**
 * @template T
 * @param {{ data?: T, error?: unknown, response: Response }} answer
 * @returns {{ ok: true, value: T } | { ok: false, error: CandorError }}
 */
function outcome({ data, error, response }) {
  if (response.ok && data !== undefined) return { ok: true, value: data };
  const body = /** @type {{ code?: unknown, message?: unknown } | undefined} */ (error);
  return {
    ok: false,
    error: {
      status: response.status,
      body: {
        code: typeof body?.code === 'string' ? body.code : 'unexpected_answer',
        message:
          typeof body?.message === 'string'
            ? body.message
            : `Candor answered ${response.status} ${response.statusText}.`,
      },
    },
  };
}
