import { connect } from '@nats-io/transport-node';
import { test } from '@repowiki/testkit';
import postgres from 'postgres';
import { describe, expect } from 'vitest';
import { NonRetriableError } from '../errors.js';
import { isInfrastructureError } from './infrastructure-error.js';

/** Runs `fn` and returns what it threw. */
async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('isInfrastructureError, on real failures', () => {
  test('PostgreSQL unreachable, and a backend terminated under a query, are infrastructure', async ({
    databaseUrl,
  }) => {
    const url = new URL(databaseUrl);
    url.port = '1'; // nothing listens there
    const dead = postgres(url.toString(), { max: 1, connect_timeout: 2, onnotice: () => {} });
    expect(isInfrastructureError(await caught(() => dead`select 1`))).toBe(true);
    await dead.end({ timeout: 1 });

    const victim = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const [{ pid }] = (await victim`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    const sleeping = caught(() => victim`select pg_sleep(5)`);
    await new Promise((r) => setTimeout(r, 100));
    await admin`select pg_terminate_backend(${pid})`;
    const terminated = await sleeping;
    expect(isInfrastructureError(terminated)).toBe(true);
    // A handler's own wrapper keeps the meaning through `cause`.
    expect(isInfrastructureError(new Error('loading repo failed', { cause: terminated }))).toBe(true);
    await Promise.all([victim.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
  });

  test('data errors and task errors are not infrastructure', async ({ dbClient }) => {
    const nul = await caught(() => dbClient.sql`select ${'a\u0000b'}::text`);
    const divByZero = await caught(() => dbClient.sql`select * from (values (1)) v(x) where 1 / 0 = 1`);
    expect(isInfrastructureError(nul)).toBe(false);
    expect(isInfrastructureError(divByZero)).toBe(false);
    expect(isInfrastructureError(new NonRetriableError('bad'))).toBe(false);
    expect(isInfrastructureError(new Error('boom'))).toBe(false);
    expect(isInfrastructureError(undefined)).toBe(false);
  });

  test('NATS: no responders and a closed connection are infrastructure', async ({ natsUrl }) => {
    const nc = await connect({ servers: natsUrl });
    expect(
      isInfrastructureError(await caught(() => nc.request('rw.none.listens.here', '', { timeout: 500 }))),
    ).toBe(true);
    await nc.close();
    expect(isInfrastructureError(await caught(() => nc.request('x', '', { timeout: 500 })))).toBe(true);
  });
});
