import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import type { paths } from '../../examples/candor-api';
import { ERROR_BODY_REF } from '../../src/common/api-docs/complete-operations';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import { eventually } from '../support/eventually';
import { createUser } from '../support/factories';
import {
  API_TYPES_FILE,
  generateApiTypes,
  REGENERATE_API_TYPES,
  redoclyLint,
} from '../support/openapi-tools';
import { startSurveyTestApp, type SurveyTestApp } from '../support/survey-fixtures';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Lint warnings accepted, each with its reason: none may appear unexplained. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  'operation-4xx-response at #/paths/~1health~1live/get/responses':
    'a probe answers 200 whatever is asked of it: it has no 4xx to document',
  'operation-4xx-response at #/paths/~1health~1ready/get/responses':
    'a probe answers 200 or 503 whatever is asked of it: it has no 4xx to document',
};

/** Every operation of the document, named as a person reads it (`POST /api/v1/invitations`). */
function operations(document: OpenAPIObject): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation
        ? [[`${method.toUpperCase()} ${path}`, operation] as [string, OperationObject]]
        : [];
    }),
  );
}

/**
 * The OpenAPI document as integrators meet it (issue 17): it passes `redocly lint` with the
 * recommended rules, every answer has a schema (errors the shared ErrorBody), the committed
 * generated types are what the document gives now, and a client generated from it walks the
 * invitation → case → resolution path against the running server.
 */
describe('the OpenAPI document', () => {
  let t: SurveyTestApp;
  let baseUrl: string;
  let document: OpenAPIObject;

  beforeAll(async () => {
    t = await startSurveyTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const response = await fetch(`${baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIObject;
  });
  afterAll(() => t.close());

  it('passes redocly lint with the recommended rules: no error, no unexplained warning', async () => {
    const { problems } = await redoclyLint(document);
    const unexplained = problems
      .filter((p) => !(`${p.ruleId} at ${p.location[0]?.pointer}` in ACCEPTED_WARNINGS))
      .map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(unexplained).toEqual([]);
  });

  it('gives every answer a schema: successes their own, failures the shared ErrorBody', () => {
    const gaps: string[] = [];
    for (const [name, operation] of operations(document)) {
      for (const [status, answer] of Object.entries(operation.responses)) {
        const content = (answer as ResponseObject).content ?? {};
        const schemas = Object.values(content).map((media) => media.schema);
        if (status === '204') {
          if (schemas.length) gaps.push(`${name} ${status}: a 204 with a body`);
        } else if (/^2/.test(status)) {
          if (!schemas.length || schemas.some((s) => !s)) gaps.push(`${name} ${status}: no schema`);
        } else if (!schemas.every((s) => s && '$ref' in s && s.$ref === ERROR_BODY_REF)) {
          gaps.push(`${name} ${status}: not the ErrorBody`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('describes every field a request body may hold, and no object without its fields', () => {
    const schemas = document.components?.schemas ?? {};
    const gaps: string[] = [];
    // class-validator's metadata of every DTO class: the fields the app accepts.
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<{ name: string }, { propertyName: string }[]>;
    };
    for (const [target, rules] of storage.validationMetadatas) {
      const schema = schemas[target.name] as { properties?: Record<string, unknown> } | undefined;
      if (!schema) continue;
      for (const field of new Set(rules.map((rule) => rule.propertyName))) {
        if (!schema.properties?.[field]) gaps.push(`${target.name}.${field} is not documented`);
      }
    }
    JSON.stringify(document, (key, value: unknown) => {
      const schema = value as {
        type?: string;
        properties?: object;
        additionalProperties?: unknown;
      };
      if (
        schema?.type === 'object' &&
        !Object.keys(schema.properties ?? {}).length &&
        schema.additionalProperties === undefined &&
        !('allOf' in schema)
      ) {
        gaps.push(`${key}: an object without fields`);
      }
      return value;
    });
    expect(gaps).toEqual([]);
  });

  it(`keeps the generated client types (${API_TYPES_FILE}) in step with the document`, async () => {
    const generated = await generateApiTypes(document);
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(API_TYPES_FILE, generated);
    const committed = existsSync(API_TYPES_FILE) ? readFileSync(API_TYPES_FILE, 'utf8') : '';
    if (committed !== generated) {
      throw new Error(
        `${API_TYPES_FILE} is not what the document generates now: run \`${REGENERATE_API_TYPES}\` and commit it`,
      );
    }
  });

  /**
   * The path integrators walk, with a client generated from the document (`openapi-fetch` over
   * the committed `openapi-typescript` types): every field read below is typed by the document,
   * so a wrong schema fails `npm run typecheck`, and the values are checked against the server.
   */
  it('walks invitation → unhappy answer → case → resolution, with an API key and a console session', async () => {
    const crm = createClient<paths>({ baseUrl, headers: t.auth });
    const catcher = t.app.get(MailCatcher);

    // The CRM invites a customer after their stay.
    const survey = await crm.GET('/api/v1/surveys/{key}', { params: { path: { key: 'stay' } } });
    expect(survey.data?.scale).toBe('csat5');
    const invited = await crm.POST('/api/v1/invitations', {
      body: {
        survey: 'stay',
        customer: { externalId: 'crm-walk-1', email: 'walker@example.com', name: 'Wanda Walker' },
        touchpoint: { type: 'stay', reference: 'R-900', location: 'Helsinki Airport hotel' },
        idempotencyKey: 'walk-R-900',
      },
    });
    expect(invited.response.status).toBe(202);
    expect(invited.data?.status).toBe('queued');
    const invitation = await crm.GET('/api/v1/invitations/{id}', {
      params: { path: { id: invited.data!.id } },
    });
    expect(invitation.data?.touchpoint?.location).toBe('Helsinki Airport hotel');

    // The customer answers unhappily as themselves, from the link in their email.
    const mail = await catcher.waitFor((m) => m.envelope.to.includes('walker@example.com'), 10_000);
    const token = /\/s\/([A-Za-z0-9_-]{32})/.exec(mail.text ?? '')![1];
    const answered = await fetch(`${baseUrl}/s/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        consent: 'identified',
        consentText: await t.consentTextId(),
        score: 1,
        comment: 'The room was cold all night.',
      }),
    });
    expect(answered.status).toBe(201);

    // The CRM finds the case it opened in the customer's 360.
    const caseId = await eventually(async () => {
      const { data } = await crm.GET('/api/v1/customers/{externalId}', {
        params: { path: { externalId: 'crm-walk-1' } },
      });
      expect(data?.responses[0]?.comment).toBe('The room was cold all night.');
      expect(data?.cases).toHaveLength(1);
      return data!.cases[0].id;
    }, 10_000);

    // An agent takes it in the console's session; the CRM links its ticket and resolves it.
    const { email, password } = await createUser(t.app, 'agent');
    const session = createClient<paths>({ baseUrl });
    const signedIn = await session.POST('/api/v1/session', { body: { email, password } });
    expect(signedIn.data?.user.role).toBe('agent');
    const cookie = signedIn.response.headers.getSetCookie()[0].split(';')[0];
    const claimed = await session.POST('/api/v1/cases/{id}/claim', {
      params: { path: { id: caseId } },
      headers: { cookie, 'x-csrf-token': signedIn.data!.csrfToken },
    });
    expect(claimed.data?.status).toBe('assigned');
    expect(claimed.data?.assigneeId).toBe(signedIn.data?.user.id);

    const linked = await crm.PATCH('/api/v1/cases/{id}', {
      params: { path: { id: caseId }, header: { 'If-Match': `"${claimed.data!.version}"` } },
      body: { externalRef: 'ZD-900' },
    });
    expect(linked.data?.externalRef).toBe('ZD-900');
    const stale = await crm.POST('/api/v1/cases/{id}/resolve', {
      params: { path: { id: caseId }, header: { 'If-Match': `"${claimed.data!.version}"` } },
      body: { rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error?.code).toBe('stale_version');
    const resolved = await crm.POST('/api/v1/cases/{id}/resolve', {
      params: { path: { id: caseId }, header: { 'If-Match': `"${linked.data!.version}"` } },
      body: { rootCause: 'product_quality', resolution: 'Radiator fixed, a night refunded.' },
    });
    expect(resolved.data?.status).toBe('resolved');

    const detail = await crm.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } });
    expect(detail.data?.resolution?.rootCause).toBe('product_quality');
    expect(detail.data?.customer?.externalId).toBe('crm-walk-1');
    expect(detail.data?.response?.comment).toBe('The room was cold all night.');
    expect(detail.data?.timeline.map((event) => event.type)).toEqual([
      'created',
      'claimed',
      'external_ref_set',
      'resolved',
      'recovery_requested',
    ]);
    const resolvedBy = detail.data?.timeline.find((event) => event.type === 'resolved');
    expect(resolvedBy?.actorName).toBe('Test CRM'); // the API key's name

    // Resolving sends the customer the recovery survey.
    await catcher.waitFor(
      (m) => m.envelope.to.includes('walker@example.com') && m.subject === 'Did we make it right?',
      10_000,
    );
  });
});
