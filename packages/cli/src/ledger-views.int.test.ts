import { randomUUID } from 'node:crypto';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { cliScene } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

interface Row {
  id: string;
  task: string;
  state: string;
  userId: string | null;
  submittedAt: string;
}

/** This file's database holds only the runs made here, so filters are checked against all of them. */
describe('tasks list / count / show', () => {
  test('filters return exactly the matching runs, newest first; count groups them by state; show has every attempt and the events', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl);
    const validate = (user?: string) =>
      client.submit('tasks.minimap.validate', { warehouseId: randomUUID() }, user ? { userId: user } : {});

    const ok1 = await validate('alice');
    const ok2 = await validate('alice');
    const broken = randomUUID();
    w.failing.add(broken);
    const failed = await client.submit('tasks.minimap.validate', { warehouseId: broken }, { userId: 'bob' });
    const flakyWarehouse = randomUUID();
    w.flaky.set(flakyWarehouse, 2);
    const flaky = await client.submit('tasks.minimap.validate', { warehouseId: flakyWarehouse });
    const old = await client.submit('tasks.minimap.generate', {});
    // No statistics worker in this namespace: these stay PENDING.
    const waiting = [
      await client.submit('tasks.statistics.system', {}, { userId: 'alice' }),
      await client.submit('tasks.statistics.system', {}),
    ];
    for (const id of [ok1, ok2, flaky, old]) await client.result(id, { timeoutMs: 20_000 });
    await waitFor(async () => (await client.status(failed)).state === 'FAILURE', { timeoutMs: 10_000 });
    // One run from two hours ago (`--since 1h` must leave it out).
    await dbClient.sql`update task_runs set submitted_at = now() - interval '2 hours' where id = ${old}`;

    const list = async (...args: string[]) => {
      const run = await runCli(['--json', 'list', ...args], env);
      expect(run.code, run.stderr).toBe(EXIT.ok);
      return json<Row[]>(run);
    };
    const ids = (rows: Row[]) => rows.map((r) => r.id);
    const all = await list();
    expect(all).toHaveLength(7);
    const times = all.map((r) => Date.parse(r.submittedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.at(-1)?.id).toBe(old);

    const [byState, byTask, byQueue, byUser, bySince, combined, limited] = await Promise.all([
      list('--state', 'FAILURE'),
      list('--task', 'validate'),
      list('--queue', 'statistics'),
      list('--user', 'alice'),
      list('--since', '1h'),
      list('--state', 'success,pending', '--user', 'alice', '--task', 'minimap.validate'),
      list('--limit', '2'),
    ]);
    expect(ids(byState)).toEqual([failed]);
    expect(ids(byTask).sort()).toEqual([ok1, ok2, failed, flaky].sort());
    expect(ids(byQueue).sort()).toEqual([...waiting].sort());
    expect(ids(byUser).sort()).toEqual([ok1, ok2, waiting[0]].sort());
    expect(ids(bySince)).not.toContain(old);
    expect(bySince).toHaveLength(6);
    expect(ids(combined).sort()).toEqual([ok1, ok2].sort());
    expect(ids(limited)).toEqual(ids(all).slice(0, 2));

    const [count, countSince, countTable, badState, badTask] = await Promise.all([
      runCli(['--json', 'count'], env),
      runCli(['--json', 'count', '--since', '1h', '--queue', 'minimap'], env),
      runCli(['count', '--task', 'validate'], env),
      runCli(['list', '--state', 'DONE'], env),
      runCli(['list', '--task', 'valdate'], env),
    ]);
    expect(json(count)).toEqual({
      filter: 'all runs',
      counts: { SUCCESS: 4, FAILURE: 1, PENDING: 2 },
      total: 7,
    });
    expect(json<{ counts: unknown; total: number }>(countSince)).toMatchObject({
      counts: { SUCCESS: 3, FAILURE: 1 },
      total: 4,
    });
    expect(countTable.stdout).toMatch(/SUCCESS\s*│\s*3\b/);
    expect(countTable.stdout).toMatch(/total\s*│\s*4\b/);
    expect(badState.code).toBe(EXIT.usage);
    expect(badState.stderr).toMatch(/unknown state "DONE"/);
    expect(badTask.code).toBe(EXIT.usage);
    expect(badTask.stderr).toMatch(/did you mean tasks\.minimap\.validate/);

    // show: the flaky run failed twice (RETRY) on this worker and succeeded on its third attempt.
    type Show = {
      state: string;
      attemptList: { attempt: number; state: string; workerId: string; error: { message: string } | null }[];
      events: { outcome: string; taskId: string; attempts: number }[];
    };
    const [shown, shownFailed, shownTable, missing] = await Promise.all([
      runCli(['--json', 'show', flaky], env),
      runCli(['--json', 'show', failed], env),
      runCli(['show', flaky], env),
      runCli(['show', randomUUID()], env),
    ]);
    expect(shown.code, shown.stderr).toBe(EXIT.ok);
    const s = json<Show>(shown);
    expect(s.state).toBe('SUCCESS');
    expect(s.attemptList.map((a) => [a.attempt, a.state, a.workerId])).toEqual([
      [1, 'RETRY', w.worker.workerId],
      [2, 'RETRY', w.worker.workerId],
      [3, 'SUCCESS', w.worker.workerId],
    ]);
    expect(s.attemptList[0]?.error?.message).toMatch(/not ready/);
    // Each attempt reported progress; the last one succeeded. Events of other runs are not shown.
    expect(s.events.every((e) => e.taskId === flaky)).toBe(true);
    expect(s.events.filter((e) => e.outcome === 'progress').map((e) => e.attempts)).toEqual([1, 2, 3]);
    expect(s.events.filter((e) => e.outcome === 'succeeded').map((e) => e.attempts)).toEqual([3]);
    const f = json<Show>(shownFailed);
    expect(f.attemptList).toMatchObject([
      { attempt: 1, state: 'FAILURE', error: { message: `map of ${broken} is broken` } },
    ]);
    expect(f.events.map((e) => e.outcome)).toEqual(['progress', 'failed']);
    expect(shownTable.stdout).toMatch(/Attempts/);
    expect(shownTable.stdout).toMatch(/│\s*2\s*│.*│\s*RETRY\s*│/);
    expect(missing.code).toBe(EXIT.notFound);
  }, 120_000);
});
