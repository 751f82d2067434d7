import { randomUUID } from 'node:crypto';
import { ensureStreams, TaskClient, Topology } from '@repowiki/runtime/client';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { startMinimapWorker } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

interface StreamRow {
  queue: string;
  stream: string;
  exists: boolean;
  messages: number;
  consumers: number;
  unprocessed: number;
}

describe('tasks streams and dlq', () => {
  test('streams shows a depth equal to what was published and not yet consumed', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    await ensureStreams(jsm, new Topology(ns));
    const w = await startMinimapWorker(nc, dbClient, ns);
    onTestFinished(() => w.stop());
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    // No statistics worker runs in this namespace: these wait in the stream.
    for (let i = 0; i < 3; i++) await client.submit('tasks.statistics.system', {});
    const done = await client.submit('tasks.minimap.generate', {});
    await client.result(done, { timeoutMs: 10_000 });

    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const [asJson, asTable] = await Promise.all([
      runCli(['--json', 'streams'], env),
      runCli(['streams'], env),
    ]);
    const rows = json<StreamRow[]>(asJson);
    expect(rows.find((r) => r.queue === 'statistics')).toMatchObject({
      messages: 3,
      consumers: 0,
      exists: true,
    });
    expect(rows.find((r) => r.queue === 'minimap')).toMatchObject({
      messages: 0,
      consumers: 1,
      unprocessed: 0,
    });
    expect(asTable.code).toBe(EXIT.ok);
    expect(asTable.stdout).toMatch(
      new RegExp(`statistics\\s*│\\s*${new Topology(ns).taskStream('statistics')}\\s*│\\s*3\\b`),
    );
  }, 60_000);

  test('dlq list/show a dead letter, replay re-runs it to SUCCESS, purge needs --yes', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const w = await startMinimapWorker(nc, dbClient, ns);
    onTestFinished(() => w.stop());
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const broken = randomUUID();
    w.failing.add(broken);
    const dead = await client.submit('tasks.minimap.validate', { warehouseId: broken });
    await waitFor(async () => (await client.status(dead)).state === 'FAILURE', { timeoutMs: 10_000 });

    type Letter = { seq: number; task: string; taskId: string; code: string; reason: string; data: string };
    const letters = await waitFor(
      async () => {
        const list = json<Letter[]>(await runCli(['--json', 'dlq', 'list'], env));
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter).toMatchObject({ task: 'tasks.minimap.validate', taskId: dead, code: 'non_retriable' });
    expect(letter?.reason).toMatch(/broken/);

    const show = await runCli(['dlq', 'show', String(letter?.seq)], env);
    expect(show.code, show.stderr).toBe(EXIT.ok);
    expect(show.stdout).toContain(broken);
    const missing = await runCli(['dlq', 'show', '999999'], env);
    expect(missing.code).toBe(EXIT.notFound);

    w.failing.delete(broken); // the cause is fixed: the replay succeeds
    const replay = await runCli(['--json', 'dlq', 'replay', String(letter?.seq), '--wait'], env);
    expect(replay.code, replay.stderr).toBe(EXIT.ok);
    const replayed = json<{ replayedAs: string; result: { valid: boolean } }>(replay);
    expect(replayed.result.valid).toBe(true);
    expect(replayed.replayedAs).not.toBe(dead);
    expect((await client.status(replayed.replayedAs)).state).toBe('SUCCESS');
    expect(json(await runCli(['--json', 'dlq', 'list'], env))).toEqual([]);

    w.failing.add(broken);
    const again = await client.submit('tasks.minimap.validate', { warehouseId: broken });
    await waitFor(async () => (await client.status(again)).state === 'FAILURE', { timeoutMs: 10_000 });
    await waitFor(async () => json<Letter[]>(await runCli(['--json', 'dlq', 'list'], env)).length === 1, {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    const refused = await runCli(['dlq', 'purge'], env);
    expect(refused.code).toBe(EXIT.usage);
    const purge = await runCli(['--json', 'dlq', 'purge', '--queue', 'minimap', '--yes'], env);
    expect(json(purge)).toMatchObject({ purged: 1 });
  }, 120_000);
});
