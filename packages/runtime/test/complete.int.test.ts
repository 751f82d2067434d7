import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { startChildWorker } from './child-worker.js';
import { createHarness, testHandlers } from './harness.js';

/** ctx.complete: the handler's database effects commit with its SUCCESS row, exactly once. */
async function effectCount(sql: import('postgres').Sql, key: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from test_effects where key = ${key}`;
  return row!.n;
}

describe('ctx.complete (effects exactly once)', () => {
  test('kill -9 inside the transaction: no effect, the redelivery lands it once with SUCCESS', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient), { ackWaitMs: 1_000 });
    const child = await startChildWorker({
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      NAMESPACE: h.namespace,
      DIE_IN_COMPLETE: '1',
    });
    const key = `die-${crypto.randomUUID()}`;
    const id = await h.client.submitAny('tasks.warehouse.effect', { key, mode: 'die' });
    // The child kills itself after writing the effect, before the commit.
    await child.exited;
    expect(await effectCount(dbClient.sql, key)).toBe(0);
    const second = await h.startWorker({ ackWaitMs: 1_000 });
    await expect(h.client.result(id, { timeoutMs: 20_000 })).resolves.toEqual({ key });
    expect(await h.client.status(id)).toMatchObject({
      state: 'SUCCESS',
      attempts: 2,
      workerId: second.workerId,
    });
    expect(await effectCount(dbClient.sql, key)).toBe(1);
    await h.stop();
  }, 60_000);

  test('normal run: one effect, SUCCESS written once with the result', async ({ nc, dbClient }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    // A long ack wait: on a starved machine a 2 s one can expire before the first heartbeat,
    // and the redelivery (harmless here) would make this run's attempts 2.
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient), { ackWaitMs: 10_000 });
    const worker = await h.startWorker();
    const key = `normal-${crypto.randomUUID()}`;
    const id = await h.client.submitAny('tasks.warehouse.effect', { key, mode: 'normal' });
    await expect(h.client.result(id, { timeoutMs: 10_000 })).resolves.toEqual({ key });
    expect(await h.client.status(id)).toMatchObject({
      state: 'SUCCESS',
      attempts: 1,
      workerId: worker.workerId,
    });
    await waitFor(() => worker.counters.succeeded === 1, { timeoutMs: 5_000 });
    expect(await effectCount(dbClient.sql, key)).toBe(1);
    await h.stop();
  }, 30_000);

  test('stale attempt (taken over meanwhile): ctx.complete throws and the effect is rolled back', async ({
    nc,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const seen = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(seen, dbClient));
    await h.startWorker();
    const key = `stale-${crypto.randomUUID()}`;
    await h.client.submitAny('tasks.warehouse.effect', { key, mode: 'takeover' });
    await waitFor(() => seen.has(`${key}:StaleAttemptError`), { timeoutMs: 10_000 });
    expect(await effectCount(dbClient.sql, key)).toBe(0);
    await h.stop();
  }, 30_000);

  test('an invalid result rolls the effect back and fails the task', async ({ nc, dbClient }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient));
    await h.startWorker();
    const key = `bad-${crypto.randomUUID()}`;
    const id = await h.client.submitAny('tasks.warehouse.effect', { key, mode: 'bad' });
    await waitFor(async () => (await h.client.status(id)).state === 'FAILURE', { timeoutMs: 10_000 });
    expect((await h.client.status(id)).error).toMatchObject({ code: 'invalid_result' });
    expect(await effectCount(dbClient.sql, key)).toBe(0);
    await h.stop();
  }, 30_000);
});
