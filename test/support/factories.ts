import type { INestApplicationContext } from '@nestjs/common';
import type { Http } from './app';
import { ApiKeysService } from '../../src/modules/api-keys/api-keys.service';
import { UserRole } from '../../src/common/auth/user-role';
import { UsersService } from '../../src/modules/users/users.service';

let sequence = 0;

export async function createUser(
  app: INestApplicationContext,
  role: UserRole,
  team = 'Customer Care',
) {
  sequence += 1;
  const email = `${role}${sequence}@example.test`;
  const { user, password } = await app
    .get(UsersService)
    .createUser({ email, name: `${role} ${sequence}`, role, team });
  return { user, email, password };
}

export async function createApiKey(
  app: INestApplicationContext,
  name = 'Test CRM',
): Promise<string> {
  return (await app.get(ApiKeysService).createApiKey(name)).secret;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** Signs in through the public endpoint and returns the session cookie and CSRF token. */
export async function signIn(http: () => Http, email: string, password: string): Promise<SignedIn> {
  const response = await http().post('/api/v1/session').send({ email, password }).expect(200);
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('candor_session='));
  if (!cookie) throw new Error('no session cookie in ' + JSON.stringify(setCookie));
  return { cookie, csrfToken: (response.body as { csrfToken: string }).csrfToken };
}

/** Requests as a signed-in user: the session cookie always, the CSRF token on changes. */
export function asUser(http: () => Http, session: SignedIn) {
  const withCookie = <T extends { set(name: string, value: string): T }>(request: T) =>
    request.set('cookie', session.cookie);
  const change = <T extends { set(name: string, value: string): T }>(request: T) =>
    withCookie(request).set('x-csrf-token', session.csrfToken);
  return {
    get: (path: string) => withCookie(http().get(path)),
    post: (path: string) => change(http().post(path)),
    put: (path: string) => change(http().put(path)),
    patch: (path: string) => change(http().patch(path)),
  };
}
