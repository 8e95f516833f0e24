import { runCli, UsageError } from '../../src/cli';
import { startTestApp, TestApp } from '../support/app';
import { signIn } from '../support/factories';

describe('npm run cli', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestApp();
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      TOKEN_SECRET: t.config.tokenSecret,
      SESSION_SECRET: t.config.sessionSecret,
    };
  });
  afterAll(() => t.close());

  it('user:create prints the new password alone on its last line, and it signs in', async () => {
    const lines = await runCli(
      [
        'user:create',
        '--email',
        'Sam@Example.test',
        '--name',
        'Sam Agent',
        '--role',
        'agent',
        '--team',
        'Billing',
      ],
      env,
    );
    const password = lines.at(-1)!;
    expect(password).toMatch(/^\S{12,}$/);
    const session = await signIn(t.http, 'sam@example.test', password);
    const me = await t.http().get('/api/v1/session').set('cookie', session.cookie).expect(200);
    expect(me.body.user).toMatchObject({ role: 'agent', team: { name: 'Billing' } });
  });

  it('api-key:create prints the key alone on its last line, and it authenticates', async () => {
    const key = (await runCli(['api-key:create', '--name', 'CRM'], env)).at(-1)!;
    expect(key).toMatch(/^cnd_[A-Za-z0-9_-]{32}$/);
    // Authenticated (403: integrations may not manage keys) rather than unknown (401).
    await t.http().get('/api/v1/api-keys').set('authorization', `Bearer ${key}`).expect(403);
  });

  it('explains bad arguments', async () => {
    await expect(
      runCli(['user:create', '--email', 'x', '--name', 'y', '--role', 'agent'], env),
    ).rejects.toThrow(new UsageError('--email must be an email address'));
    await expect(
      runCli(['user:create', '--email', 'a@b.c', '--name', 'y', '--role', 'boss'], env),
    ).rejects.toThrow('--role must be one of admin, manager, agent');
    await expect(runCli(['users:delete'], env)).rejects.toThrow('unknown command users:delete');
  });
});
