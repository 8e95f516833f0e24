import type { Client } from 'pg';

/** The administration's pages, each reachable by a GET. */
export const ADMIN_PAGES = [
  '/console/admin',
  '/console/admin/users',
  '/console/admin/api-keys',
  '/console/admin/surveys',
  '/console/admin/surveys/stay',
  '/console/admin/new-survey',
  '/console/admin/surveys/stay/edit',
  '/console/admin/case-settings',
  '/console/admin/root-causes',
  '/console/admin/audit',
  '/console/admin/inbound-mail',
  '/console/admin/message-templates',
  '/console/admin/message-templates/new',
  '/console/admin/message-templates/apology',
  '/console/admin/topics',
  '/console/admin/topics/new',
  '/console/admin/webhooks',
];

/**
 * Every console page an admin reaches by a GET, around one case, its customer and the answer it
 * follows up (`responseId`, when given: its reading view in the responses explorer).
 */
export function consolePages(
  caseId: string,
  externalId: string,
  responseId?: string,
  webhookId?: string,
): string[] {
  return [
    '/console',
    '/console/cases',
    `/console/cases/${caseId}`,
    `/console/cases/${caseId}?template=apology`,
    `/console/customers/${externalId}`,
    `/console/customers?q=${externalId}`,
    '/console/notifications',
    '/console/settings',
    '/console/cases/list?overdue=false',
    '/console/cases?view=recently_closed',
    '/console/cases?q=room',
    '/console/dashboard',
    '/console/dashboard/targets',
    '/console/reports/questions',
    '/console/reports/questions?survey=stay&touchpointType=stay',
    '/console/topics',
    '/console/leaderboard',
    '/console/responses',
    '/console/responses?q=room&band=low&hasComment=true',
    ...(responseId ? [`/console/responses/${responseId}`] : []),
    ...ADMIN_PAGES,
    ...(webhookId ? webhookPages(webhookId) : []),
  ];
}

/** A webhook endpoint's page (`webhookEndpoint`), its log filtered, and its delete question. */
export function webhookPages(id: string): string[] {
  const page = `/console/admin/webhooks/${id}`;
  return [page, `${page}?status=failed`, `${page}/delete`];
}

/**
 * A webhook endpoint for the page walks, with a delivery of each outcome. It is disabled (as a
 * receiver answering 410 leaves it), and its waiting delivery is due in an hour: nothing is ever
 * sent to its made-up address.
 */
export async function webhookEndpoint(db: Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO webhook_endpoints (url, description, event_types, headers, enabled,
       disabled_reason, disabled_at, failing_since, secret, previous_secret, previous_secret_until)
     VALUES ('https://crm.example.com/hooks/candor', 'The CRM',
       '{case.opened,case.message_sent,customer.erased}', '{"X-Crm-Token": "sesame"}', false,
       'gone', now(), now() - interval '2 hours', 'whsec_d2Fsa2VkIHNlY3JldA==',
       'whsec_b2xkIHNlY3JldA==', now() + interval '20 hours')
     RETURNING id`,
  );
  const [{ id }] = rows;
  await db.query(
    `INSERT INTO webhook_deliveries (endpoint_id, type, status, attempts, next_attempt_at,
       last_attempt_at, response_status, response_body, latency_ms, error, delivered_at)
     VALUES
       ($1, 'case.opened', 'delivered', 1, now(), now(), 200, '{"ok": true}', 87, NULL, now()),
       ($1, 'webhook.test', 'failed', 3, now(), now(), 500, 'Internal error', 40,
        'The receiver answered 500', NULL),
       ($1, 'case.message_sent', 'pending', 1, now() + interval '1 hour', now(), NULL, NULL,
        NULL, 'connect ECONNREFUSED 203.0.113.7:443', NULL),
       ($1, 'customer.erased', 'dropped', 0, now(), NULL, NULL, NULL, NULL,
        'its data is gone (erased)', NULL)`,
    [id],
  );
  return id;
}
