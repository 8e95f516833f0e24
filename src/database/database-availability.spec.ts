import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { mapError } from '../common/errors/error-mapping';
import {
  DatabaseAvailability,
  isDatabaseUnavailable,
  isPoolExhausted,
} from './database-availability';
import { DatabaseClient } from './database-client';
import { dataSourceOptions } from './data-source-options';

const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});
const poolFull = new Error('timeout exceeded when trying to connect');

describe('isDatabaseUnavailable', () => {
  it('knows a lost connection, bare or wrapped by TypeORM', () => {
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], terminated))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('does not take a wrong query or a busy pool for an outage', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], unique))).toBe(false);
    expect(isDatabaseUnavailable(poolFull)).toBe(false);
  });
});

describe('a socket refused or reset', () => {
  /** A port nothing listens on. */
  let closedPort: number;
  /** A "database" that resets every connection as soon as it is made. */
  let resetting: Server;

  beforeAll(async () => {
    const probe = await listening(createServer());
    closedPort = port(probe);
    await new Promise((resolve) => probe.close(resolve));
    resetting = await listening(createServer((socket) => socket.resetAndDestroy()));
  });

  afterAll(() => new Promise((resolve) => resetting.close(resolve)));

  const url = (p: number) => `postgres://candor@127.0.0.1:${p}/candor`;

  it("is an outage when the database's pool cannot connect (pg and TypeORM)", async () => {
    const pool = new Pool({ connectionString: url(closedPort), Client: DatabaseClient });
    pool.on('error', () => undefined);
    const refused = await failure(pool.connect());
    await pool.end();
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);

    const dataSource = new DataSource(dataSourceOptions(url(closedPort), 1));
    expect(isDatabaseUnavailable(await failure(dataSource.initialize()))).toBe(true);
  });

  it('is an outage when the database resets the connection', async () => {
    const client = new DatabaseClient({ connectionString: url(port(resetting)) });
    client.on('error', () => undefined);
    const reset = await failure(client.connect());
    expect(reset).toMatchObject({ code: 'ECONNRESET' });
    expect(isDatabaseUnavailable(reset)).toBe(true);
    // TypeORM's wrapping of a bare code from the driver
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], reset))).toBe(true);
    const bare = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], bare))).toBe(true);
  });

  it('is no outage on any other socket (SMTP, HTTP): no 503, readiness untouched', async () => {
    const refused = await failure(socketError(closedPort));
    const reset = await failure(socketError(port(resetting)));
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(reset).toMatchObject({ code: 'ECONNRESET' });
    const availability = new DatabaseAvailability(url(closedPort));
    for (const error of [refused, reset, new Error('wrapped', { cause: reset })]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(availability.noteFailure(error)).toBe(false);
      expect(mapError(error, 'r', 1024).body).toMatchObject({ statusCode: 500 });
    }
    expect(availability.failingRecently).toBe(false);
  });
});

/** The error a socket to `p` on loopback fails with (as an SMTP or HTTP client's would). */
function socketError(p: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    const socket: Socket = connect(p, '127.0.0.1');
    socket.on('error', reject);
    socket.on('connect', () => socket.write('EHLO candor\r\n'));
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('Expected a failure');
    },
    (error: Error) => error,
  );
}

async function listening(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const port = (server: Server) => (server.address() as AddressInfo).port;

describe('a pool with no free connection', () => {
  it('is answered 503 with Retry-After, as too busy rather than unreachable', () => {
    expect(isPoolExhausted(poolFull)).toBe(true);
    expect(isPoolExhausted(terminated)).toBe(false);
    const mapped = mapError(poolFull, 'r', 1024);
    expect(mapped.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    expect(mapped.body.message).toContain('too busy');
    expect(mapped.headers).toEqual({ 'retry-after': '5' });
  });

  it('does not turn readiness down', () => {
    const availability = new DatabaseAvailability('postgres://127.0.0.1:1/none');
    expect(availability.noteFailure(poolFull)).toBe(false);
    expect(availability.failingRecently).toBe(false);
    expect(availability.noteFailure(terminated)).toBe(true);
    expect(availability.failingRecently).toBe(true);
  });
});
