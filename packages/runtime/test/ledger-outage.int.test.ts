import { createDbClient } from '@repowiki/db';
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
      await sleep(20);
      await dbClient.sql`insert into burst_effects (key) values (${key})`;
      return { attempts: 1 };
    };
    const h = createHarness(nc, workerDb, { 'tasks.warehouse.flaky': flaky as never });
    await h.startWorker({ concurrency: 8 });
    const keys = Array.from({ length: 80 }, (_, i) => `k${i}`);
    const ids = await Promise.all(
      keys.map((key) => h.client.submitAny('tasks.warehouse.flaky', { key, failures: 0 })),
    );
    // Terminate every backend of the worker's pools, five times, while the burst runs.
    for (let i = 0; i < 5; i++) {
      await sleep(150);
      await dbClient.sql`
        select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${app}`;
    }
    await waitFor(
      async () => {
        const [row] = await dbClient.sql<{ n: number }[]>`
          select count(*)::int as n from task_runs where id = any(${ids}) and state = 'SUCCESS'`;
        return row?.n === ids.length;
      },
      { timeoutMs: 20_000 },
    );
    const effects = await dbClient.sql<{ key: string; n: number }[]>`
      select key, count(*)::int as n from burst_effects group by key`;
    expect(effects).toHaveLength(keys.length);
    expect(effects.filter((e) => e.n !== 1)).toEqual([]);
    expect(await readDlq(jsm, h.client.topology.dlqStream)).toEqual([]);
    await h.stop();
    await workerDb.close();
  });
});
