import { textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { startChildWorker as startChild } from './child-worker.js';
import { createHarness, testHandlers } from './harness.js';

async function effects(sql: import('postgres').Sql): Promise<Record<string, number>> {
  const rows = await sql<
    { key: string; n: number }[]
  >`select key, count(*)::int as n from test_effects group by key`;
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

describe('crashes and shutdown', () => {
  test('kill -9 mid-task: the task is redelivered and completes exactly once, with 2 attempts', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    await dbClient.sql`truncate test_effects`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient), { ackWaitMs: 1_000 });
    const first = await startChild({ NATS_URL: natsUrl, DATABASE_URL: databaseUrl, NAMESPACE: h.namespace });
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'crash', ms: 1_500 });
    await waitFor(
      async () => {
        const s = await h.client.status(id);
        return ['STARTED', 'PROGRESS'].includes(s.state) && s.workerId === first.workerId;
      },
      { timeoutMs: 30_000 },
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // A second worker picks the task up once JetStream's ack wait (1 s) lapses.
    const second = await h.startWorker({ ackWaitMs: 1_000 });
    await expect(h.client.result(id, { timeoutMs: 30_000 })).resolves.toEqual({ key: 'crash' });
    const status = await h.client.status(id);
    expect(status).toMatchObject({ state: 'SUCCESS', attempts: 2, workerId: second.workerId });
    expect(await effects(dbClient.sql)).toEqual({ crash: 1 });
    await h.stop();
  }, 90_000);

  test('SIGTERM under load: every submitted task is in the ledger, SUCCESS, and none ran twice', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    await dbClient.sql`truncate test_effects`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient), { ackWaitMs: 1_000 });
    const child = await startChild({
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      NAMESPACE: h.namespace,
      CONCURRENCY: '4',
    });
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h.client.submitAny('tasks.warehouse.slow', { key: `k${i}`, ms: 150 }),
      ),
    );
    await waitFor(async () => Object.keys(await effects(dbClient.sql)).length >= 8, { timeoutMs: 30_000 });
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    // The rest is still in the stream for the next replica.
    await h.startWorker({ concurrency: 8 });
    await waitFor(async () => Object.keys(await effects(dbClient.sql)).length === 40, { timeoutMs: 45_000 });
    const rows = await dbClient.sql<{ state: string; n: number }[]>`
      select state, count(*)::int as n from task_runs where id = any(${textArray(ids)}::text::text[]) group by state`;
    expect(rows).toEqual([{ state: 'SUCCESS', n: 40 }]);
    expect(Object.values(await effects(dbClient.sql)).every((n) => n === 1)).toBe(true);
    await h.stop();
  }, 90_000);
});
