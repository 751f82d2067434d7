import { createDbClient, type DbClient, textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect, onTestFinished } from 'vitest';
import type { BatchContext, TaskContext } from '../src/context.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep } from './harness.js';
import { StallingProxy } from './stalling-proxy.js';

/**
 * The worker's pool reaches PostgreSQL through a proxy the test can stall; the test watches
 * through its own pool. Closed when the test finishes.
 */
async function stallableDatabase(dbClient: DbClient, databaseUrl: string) {
  await dbClient.sql`create table if not exists stall_effects (key text not null)`;
  const u = new URL(databaseUrl);
  const proxy = await StallingProxy.start({ host: u.hostname, port: Number(u.port || 5432) });
  const workerDb = createDbClient(proxy.rewrite(databaseUrl), { max: 4 });
  onTestFinished(async () => {
    await workerDb.close();
    await proxy.close();
  });
  return { proxy, workerDb };
}

describe('a database that stops answering for longer than a running task’s hard limit (issue 11, defect 17)', () => {
  test('is an outage, not the task’s failure: no DLQ entry, the task runs again and its effect lands once', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const { proxy, workerDb } = await stallableDatabase(dbClient, databaseUrl);
    const started: string[] = [];
    const handler = async (p: unknown, ctx: TaskContext) => {
      const { key } = p as { key: string };
      started.push(key);
      // Stuck here while the database does not answer, past the 1.5 s hard limit.
      await ctx.db.sql`select pg_sleep(0.2)`;
      ctx.signal.throwIfAborted();
      return ctx.complete(async (tx) => {
        await tx`insert into stall_effects (key) values (${key})`;
        return null;
      });
    };
    const h = createHarness(nc, workerDb, { 'tasks.warehouse.stalled': handler as never });
    // A query unanswered for 1 s counts as an outage here (5 s by default).
    await h.startWorker({ concurrency: 2, unansweredMs: 1_000 });
    try {
      const id = await h.client.submitAny('tasks.warehouse.stalled', { key: 'k1' });
      await waitFor(async () => started.length === 1, { timeoutMs: 10_000 });
      proxy.stall();
      await sleep(3_500);
      proxy.resume();
      const final = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);
      await waitFor(async () => final.has((await h.client.status(id))?.state ?? ''), { timeoutMs: 20_000 });
      expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', attempts: 1 });
      const effects = await dbClient.sql<{ key: string }[]>`select key from stall_effects where key = 'k1'`;
      expect(effects).toHaveLength(1);
      expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
      expect(started.length).toBeGreaterThanOrEqual(2);
    } finally {
      await h.stop();
    }
  });

  test('a batch without ledger rows (access logs) is not dead-lettered either: it runs again and lands once', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const { proxy, workerDb } = await stallableDatabase(dbClient, databaseUrl);
    const calls: number[] = [];
    const handler = async (items: readonly { payload: { key: string } }[], ctx: BatchContext) => {
      calls.push(items.length);
      // Stuck here while the database does not answer, past the 1.5 s hard limit.
      await ctx.db.sql`select pg_sleep(0.2)`;
      ctx.signal.throwIfAborted();
      await ctx.complete(async (tx) => {
        await tx`insert into stall_effects (key) select unnest(${textArray(items.map((i) => i.payload.key))}::text::text[])`;
      });
    };
    const h = createHarness(nc, workerDb, { 'tasks.warehouse.stalled-views': handler as never });
    await h.startWorker({ concurrency: 2, unansweredMs: 1_000 });
    try {
      await h.client.submitAny('tasks.warehouse.stalled-views', { key: 'view-1' });
      await waitFor(async () => calls.length === 1, { timeoutMs: 10_000 });
      proxy.stall();
      await sleep(3_500);
      proxy.resume();
      await waitFor(
        async () => (await dbClient.sql`select 1 from stall_effects where key = 'view-1'`).length > 0,
        { timeoutMs: 20_000 },
      );
      await sleep(500);
      const effects = await dbClient.sql<
        { key: string }[]
      >`select key from stall_effects where key = 'view-1'`;
      expect(effects).toHaveLength(1);
      expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
      expect(calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      await h.stop();
    }
  });
});
