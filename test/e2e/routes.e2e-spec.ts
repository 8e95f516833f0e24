import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ALLOW_KEY, Caller } from '../../src/common/auth/allow.decorator';
import { USER_ROLES } from '../../src/common/auth/user-role';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey, createUser, signIn, SignedIn } from '../support/factories';

interface RouteInfo {
  name: string;
  method: string;
  path: string;
  callers: Caller[] | undefined;
}

/** Every controller route of the running app, with the callers it declares. */
function listRoutes(t: TestApp): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const callers = (Reflect.getMetadata(ALLOW_KEY, handler) ??
          Reflect.getMetadata(ALLOW_KEY, controller)) as Caller[] | undefined;
        const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(
          /\/+/g,
          '/',
        );
        routes.push({ name: `${controller.name}.${key}`, method, path: full, callers });
      }
    }
  }
  return routes;
}

/** 403 is the guard saying no; a 4xx from validation or lookup means the guard let it through. */
const outcome = (status: number) =>
  status === 403
    ? 'forbidden'
    : status === 401 || status >= 500
      ? `broken (${status})`
      : 'let through';

const concrete = (path: string) =>
  path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe('route access', () => {
  let t: TestApp;
  const accounts = new Map<string, { email: string; password: string }>();
  const sessions = new Map<string, SignedIn>();
  let apiKey: string;
  const signInAs = async (role: string) => {
    const { email, password } = accounts.get(role)!;
    sessions.set(role, await signIn(t.http, email, password));
  };

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of USER_ROLES) {
      accounts.set(role, await createUser(t.app, role));
      await signInAs(role);
    }
    apiKey = await createApiKey(t.app);
  });
  afterAll(() => t.close());

  it('finds the routes (sanity check of the listing itself)', () => {
    const names = listRoutes(t).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'SessionController.signIn',
        'ApiKeysController.create',
        'HealthController.ready',
      ]),
    );
  });

  it('has every route declare who may call it', () => {
    const undeclared = listRoutes(t)
      .filter((r) => !r.callers?.length)
      .map((r) => `${r.method} ${r.path} (${r.name})`);
    expect(undeclared).toEqual([]);
  });

  it('enforces the declared callers for every non-public route (role matrix)', async () => {
    const protectedRoutes = listRoutes(t).filter((r) => !r.callers?.includes('public'));
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const route of protectedRoutes) {
      const call = () => t.http()[route.method.toLowerCase() as 'get'](concrete(route.path));
      const anonymous = await call();
      // Console pages send a person without a session to the sign-in page; the API says 401.
      const signedOut = route.path.startsWith('/console') ? 303 : 401;
      expect({ route: route.name, status: anonymous.status }).toEqual({
        route: route.name,
        status: signedOut,
      });

      for (const role of USER_ROLES) {
        const session = sessions.get(role)!;
        const response = await call()
          .set('cookie', session.cookie)
          .set('x-csrf-token', session.csrfToken)
          .send({});
        expect({ route: route.name, role, outcome: outcome(response.status) }).toEqual({
          route: route.name,
          role,
          outcome: route.callers!.includes(role) ? 'let through' : 'forbidden',
        });
        // Signing out (API or console) ends the session this loop reuses.
        const alive = await t.http().get('/api/v1/session').set('cookie', session.cookie);
        if (alive.status === 401) await signInAs(role);
      }
      const integration = await call().set('authorization', `Bearer ${apiKey}`).send({});
      expect({ route: route.name, outcome: outcome(integration.status) }).toEqual({
        route: route.name,
        outcome: route.callers!.includes('integration') ? 'let through' : 'forbidden',
      });
    }
  }, 120_000); // about 300 requests: 11 s alone, several times that on a busy machine
});
