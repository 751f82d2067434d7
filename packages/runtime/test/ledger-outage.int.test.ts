import { createDbClient, textArray } from '@repowiki/db';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep } from './harness.js';

describe("the worker's ledger connections are killed during a burst (issue 11, defect 17)", () => {
  test('0 DLQ entries and each task effect exactly once', async ({ nc, jsm, dbClient, databaseUrl }) => {
    await dbClient.sql`create table if not exists burst_effects (key text not null)`;
    const app = uniqueName('victim');
    const workerDb = createDbClient(databaseUrl, { max: 4, applicationName: app });
    // The handler's effects go through the test's own pool: only the worker's ledger is hit.
    const flaky = async (p: unknown) => {
      const { key } = p as { key: string };
      await sleep(40);
      await dbClient.sql`insert into burst_effects (key) values (${key})`;
      return { attempts: 1 };
    };
    const h = createHarness(nc, workerDb, { 'tasks.warehouse.flaky': flaky as never });
    await h.startWorker({ concurrency: 8 });
    // Warm the pools up first: the terminations below spare connections still starting up.
    const warm = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.client.submitAny('tasks.warehouse.flaky', { key: `w${i}`, failures: 0 }),
      ),
    );
    for (const id of warm) await h.client.result(id, { timeoutMs: 10_000 });
    await sleep(300);
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
    const ids = await Promise.all(
      keys.map((key) => h.client.submitAny('tasks.warehouse.flaky', { key, failures: 0 })),
    );
    // Terminate the worker pools' backends, four times, while the burst runs. Not a backend
    // still starting up: postgres.js 3.4.9 drops the promise of its per-connection array-type
    // query, so killing it there is an unhandled rejection (porsager/postgres#1192, #1223)
    // that would crash a worker — a driver bug outside what this test is about.
    for (let i = 0; i < 4; i++) {
      await sleep(100);
      await dbClient.sql`
        select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = ${app} and backend_start < now() - interval '300 ms'
          and query not like '%typarray%'`;
    }
    await waitFor(
      async () => {
        const [row] = await dbClient.sql<{ n: number }[]>`
          select count(*)::int as n from task_runs where id = any(${textArray(ids)}::text::text[]) and state = 'SUCCESS'`;
        return row?.n === ids.length;
      },
      { timeoutMs: 20_000 },
    );
    const effects = await dbClient.sql<{ key: string; n: number }[]>`
      select key, count(*)::int as n from burst_effects group by key`;
    expect(effects).toHaveLength(keys.length + warm.length);
    expect(effects.filter((e) => e.n !== 1)).toEqual([]);
    expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
    await h.stop();
    await workerDb.close();
  });
});
