import { textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { startChildWorker } from './child-worker.js';
import { createHarness, testHandlers } from './harness.js';

/** A batch call's ctx.complete: its effects commit with every item's SUCCESS, exactly once. */
async function effectCounts(sql: import('postgres').Sql, keys: string[]): Promise<number[]> {
  const rows = await sql<{ key: string; n: number }[]>`
    select key, count(*)::int as n from test_effects where key = any(${textArray(keys)}::text::text[]) group by key`;
  const by = new Map(rows.map((r) => [r.key, r.n]));
  return keys.map((k) => by.get(k) ?? 0);
}

describe('BatchContext.complete (batch effects exactly once)', () => {
  test('kill -9 after the commit, before the acks: the redelivery only acks, each effect lands once', async ({
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
      DIE_AFTER_COMPLETE: '1',
    });
    const keys = Array.from({ length: 5 }, (_, i) => `batch-die-${i}-${crypto.randomUUID()}`);
    const ids = await Promise.all(
      keys.map((key) => h.client.submitAny('tasks.warehouse.effects', { key, mode: 'die' })),
    );
    await child.exited;
    // Committed with SUCCESS before the process died.
    expect(await effectCounts(dbClient.sql, keys)).toEqual(keys.map(() => 1));
    const second = await h.startWorker({ ackWaitMs: 1_000 });
    // The second worker receives the redeliveries and acks them without running the call.
    await waitFor(() => second.counters.skipped >= ids.length, { timeoutMs: 20_000 });
    for (const id of ids) expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', attempts: 1 });
    expect(await effectCounts(dbClient.sql, keys)).toEqual(keys.map(() => 1));
    await h.stop();
  }, 60_000);

  test('normal call: effects and SUCCESS of every item, once', async ({ nc, dbClient }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient));
    const worker = await h.startWorker();
    const keys = Array.from({ length: 4 }, (_, i) => `batch-ok-${i}-${crypto.randomUUID()}`);
    const ids = await Promise.all(
      keys.map((key) => h.client.submitAny('tasks.warehouse.effects', { key, mode: 'normal' })),
    );
    await waitFor(() => worker.counters.succeeded === ids.length, { timeoutMs: 10_000 });
    for (const id of ids) expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', attempts: 1 });
    expect(await effectCounts(dbClient.sql, keys)).toEqual(keys.map(() => 1));
    await h.stop();
  }, 30_000);

  test('one item taken over meanwhile: StaleAttemptError and none of the call’s effects commit', async ({
    nc,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const seen = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(seen, dbClient));
    await h.startWorker();
    const key = `batch-stale-${crypto.randomUUID()}`;
    await h.client.submitAny('tasks.warehouse.effects', { key, mode: 'takeover' });
    await waitFor(() => seen.has(`${key}:StaleAttemptError`), { timeoutMs: 10_000 });
    expect(await effectCounts(dbClient.sql, [key])).toEqual([0]);
    await h.stop();
  }, 30_000);
});
