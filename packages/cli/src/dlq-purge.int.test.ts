import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { ensureStreams, TaskClient, Topology } from '@repowiki/runtime/client';
import { listDeadLetters } from '@repowiki/runtime/ops';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { cliScene, startMinimapWorker } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks dlq replay (bulk) and tasks purge', () => {
  test('two bulk replays at once (--task) run each dead letter once; --reason selects by reason or code', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const { w, env, client } = await cliScene(nc, dbClient, databaseUrl, { concurrency: 8 });
    const warehouses = Array.from({ length: 3 }, () => randomUUID());
    for (const id of warehouses) w.failing.add(id);
    for (const warehouseId of warehouses) await client.submit('tasks.minimap.validate', { warehouseId });
    // A message no one can run: not JSON (published by another client).
    const h = headers();
    h.set('Task-Id', randomUUID());
    await jetstream(nc).publish(client.topology.subject('tasks.minimap.generate'), 'not json', {
      headers: h,
    });
    await waitFor(async () => (await listDeadLetters(jsm, client.topology, { limit: 10 })).length === 4, {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    for (const id of warehouses) w.failing.delete(id);

    const [one, two] = await Promise.all([
      runCli(['--json', 'dlq', 'replay', '--task', 'validate'], env),
      runCli(['--json', 'dlq', 'replay', '--task', 'validate'], env),
    ]);
    type Bulk = {
      matched: number;
      replayed: number;
      results: { seq: number; replayedAs?: string; error?: string }[];
    };
    expect(one.code, one.stderr).toBe(EXIT.ok);
    expect(two.code, two.stderr).toBe(EXIT.ok);
    const [x, y] = [json<Bulk>(one), json<Bulk>(two)];
    expect(x.matched).toBeGreaterThan(0);
    // Both saw the same entries (or one found them gone): same seq → same new id.
    for (const r of x.results) {
      const other = y.results.find((o) => o.seq === r.seq);
      if (other) expect(other.replayedAs).toBe(r.replayedAs);
    }
    const replayedIds = [...new Set([...x.results, ...y.results].map((r) => r.replayedAs))];
    expect(replayedIds).toHaveLength(3);
    for (const id of replayedIds) await client.result(id ?? '', { timeoutMs: 20_000 });
    await sleep(500);
    for (const id of warehouses) expect(w.validations.get(id)).toBe(2);
    const left = await listDeadLetters(jsm, client.topology, { limit: 10 });
    expect(left.map((d) => d.code)).toEqual(['invalid_json']);

    const [byReason, both, none] = await Promise.all([
      runCli(['--json', 'dlq', 'replay', '--reason', 'invalid_json'], env),
      runCli(['dlq', 'replay', '5', '--all'], env),
      runCli(['dlq', 'replay'], env),
    ]);
    // Matched by its code; its payload is not JSON, so it cannot be replayed (and stays).
    expect(byReason.code).toBe(EXIT.taskFailed);
    expect(json<Bulk>(byReason)).toMatchObject({ matched: 1, replayed: 0 });
    expect(json<Bulk>(byReason).results[0]?.error).toMatch(/not valid JSON/);
    expect(both.code).toBe(EXIT.usage);
    expect(none.code).toBe(EXIT.usage);
    expect(await listDeadLetters(jsm, client.topology, { limit: 10 })).toHaveLength(1);
  }, 120_000);

  test('purge <queue> asks first, then drops its messages and parked deliveries; its queued runs end REVOKED', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const topology = new Topology(ns);
    await ensureStreams(jsm, topology);
    const w = await startMinimapWorker(nc, dbClient, ns);
    onTestFinished(() => w.stop());
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    // No statistics worker: three wait in the stream. A minimap task due in a minute is parked.
    const waiting = [
      await client.submit('tasks.statistics.system', {}),
      await client.submit('tasks.statistics.system', {}),
      await client.submit('tasks.statistics.system', {}, { countdownMs: 60_000 }),
    ];
    const parked = await client.submit('tasks.minimap.generate', {}, { countdownMs: 60_000 });
    await waitFor(
      async () => (await dbClient.sql`select 1 from task_timers where task_id = ${parked}`).length === 1,
      { timeoutMs: 10_000 },
    );

    const refused = await runCli(['purge', 'statistics'], env);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toMatch(/purge queue statistics \(3 message\(s\) in .*\): refused without --yes/);
    expect((await jsm.streams.info(topology.taskStream('statistics'))).state.messages).toBe(3);

    const [stats, minimap, bad] = await Promise.all([
      runCli(['--json', 'purge', 'statistics', '--yes'], env),
      runCli(['--json', 'purge', 'minimap', '--yes'], env),
      runCli(['purge', 'nosuch', '--yes'], env),
    ]);
    expect(stats.code, stats.stderr).toBe(EXIT.ok);
    expect(json(stats)).toMatchObject({
      queue: 'statistics',
      purgedMessages: 3,
      revokedRuns: 3,
      droppedTimers: 0,
    });
    expect(json(minimap)).toMatchObject({
      queue: 'minimap',
      purgedMessages: 0,
      revokedRuns: 1,
      droppedTimers: 1,
    });
    expect(bad.code).toBe(EXIT.usage);
    expect((await jsm.streams.info(topology.taskStream('statistics'))).state.messages).toBe(0);
    for (const id of [...waiting, parked]) {
      const s = await client.status(id);
      expect(s).toMatchObject({ state: 'REVOKED', error: { code: 'purged' } });
    }
    // The queue works on: a new task runs.
    const after = await client.submit('tasks.minimap.generate', {});
    await expect(client.result(after, { timeoutMs: 10_000 })).resolves.toEqual({ generated: [] });
  }, 120_000);
});
