import { textArray } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { createHarness, sleep } from './harness.js';

describe('an inline handler that outlives its hard limit (issue 11, defect 8)', () => {
  test('keeps its slot until it returns: concurrency is never exceeded and no effect lands after FAILURE', async ({
    nc,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists stubborn_effects (key text not null, at timestamptz not null default clock_timestamp())`;
    let running = 0;
    let maxRunning = 0;
    const stubborn = async (p: unknown, _ctx: TaskContext) => {
      const { key, ms } = p as { key: string; ms: number };
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        // Ignores its signal: sleeps on past the 200 ms hard limit, then writes its effect.
        await sleep(ms);
        await dbClient.sql`insert into stubborn_effects (key) values (${key})`;
        return null;
      } finally {
        running--;
      }
    };
    const h = createHarness(nc, dbClient, { 'tasks.warehouse.stubborn': stubborn as never });
    await h.startWorker({ concurrency: 1 });
    const ids = await Promise.all(
      ['s1', 's2', 's3'].map((key) => h.client.submitAny('tasks.warehouse.stubborn', { key, ms: 450 })),
    );
    // One after another (~0.5 s each, plus settling): generous for a loaded CI machine.
    await waitFor(
      async () => {
        const [row] = await dbClient.sql<{ n: number }[]>`
          select count(*)::int as n from task_runs where id = any(${textArray(ids)}::text::text[]) and state = 'FAILURE'`;
        return row?.n === ids.length;
      },
      { timeoutMs: 20_000 },
    );
    expect(maxRunning).toBe(1);
    const rows = await dbClient.sql<{ key: string; effect: Date; finished: Date }[]>`
      select e.key, e.at as effect, t.finished_at as finished
      from stubborn_effects e join task_runs t on t.payload->>'key' = e.key and t.id = any(${textArray(ids)}::text::text[])`;
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.effect.getTime()).toBeLessThan(r.finished.getTime());
    for (const id of ids)
      expect(await h.client.status(id)).toMatchObject({ attempts: 1, error: { code: 'time_limit' } });
    await h.stop();
  });
});
