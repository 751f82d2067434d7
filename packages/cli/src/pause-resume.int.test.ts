import { TaskClient } from '@repowiki/runtime/client';
import { connectNats, test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { startMinimapWorker } from '../test/minimap-worker.js';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tasks pause / resume <queue>', () => {
  test('every replica stops taking deliveries within a second and starts again on resume; the pause persists', async ({
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    // Two replicas, each with its own connection, like two pods.
    const replicas = await Promise.all(
      [1, 2].map(async () => {
        const nc = await connectNats();
        const w = await startMinimapWorker(nc, dbClient, ns);
        onTestFinished(async () => {
          await w.stop();
          await nc.close();
        });
        return w;
      }),
    );
    const nc = await connectNats();
    onTestFinished(() => nc.close());
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    const ran = () => replicas.reduce((n, w) => n + w.worker.counters.succeeded, 0);
    const warm = await Promise.all(
      Array.from({ length: 4 }, () => client.submit('tasks.minimap.generate', {})),
    );
    for (const id of warm) await client.result(id, { timeoutMs: 10_000 });

    const pause = await runCli(['pause', 'minimap'], env);
    expect(pause.code, pause.stderr).toBe(EXIT.ok);
    expect(pause.stdout.trim()).toBe('minimap: paused');
    const pausedAt = Date.now();
    await waitFor(() => replicas.every((w) => w.worker.paused), { timeoutMs: 1_000, intervalMs: 20 });
    expect(Date.now() - pausedAt).toBeLessThan(1_000);
    // From a second after the pause on, nothing of the queue runs on either replica.
    await sleep(Math.max(0, 1_000 - (Date.now() - pausedAt)));
    const before = ran();
    const held = await Promise.all(
      Array.from({ length: 6 }, () => client.submit('tasks.minimap.generate', {})),
    );
    await sleep(3_000);
    expect(ran()).toBe(before);
    for (const id of held) expect((await client.status(id)).state).toBe('PENDING');

    const [streams, streamsTable, stats, again] = await Promise.all([
      runCli(['--json', 'streams'], env),
      runCli(['streams'], env),
      runCli(['--json', 'inspect', 'stats'], env),
      runCli(['--json', 'pause', 'minimap'], env),
    ]);
    const rows = json<{ queue: string; paused: boolean }[]>(streams);
    expect(rows.find((r) => r.queue === 'minimap')?.paused).toBe(true);
    expect(rows.find((r) => r.queue === 'statistics')?.paused).toBe(false);
    expect(streamsTable.stdout).toMatch(/minimap\s*│.*│\s*PAUSED\s*│/);
    const workers = json<{ workerId: string; inspect?: { paused?: boolean } }[]>(stats);
    expect(
      workers
        .filter((r) => r.inspect?.paused === true)
        .map((r) => r.workerId)
        .sort(),
    ).toEqual(replicas.map((w) => w.worker.workerId).sort());
    expect(json(again)).toEqual({ queue: 'minimap', paused: true, changed: false });

    // Persisted: a replica started while the queue is paused takes nothing either.
    const nc3 = await connectNats();
    const late = await startMinimapWorker(nc3, dbClient, ns);
    onTestFinished(async () => {
      await late.stop();
      await nc3.close();
    });
    expect(late.worker.paused).toBe(true);
    await sleep(1_500);
    expect(late.worker.counters.succeeded).toBe(0);

    const resume = await runCli(['resume', 'minimap'], env);
    expect(resume.code, resume.stderr).toBe(EXIT.ok);
    expect(resume.stdout.trim()).toBe('minimap: running');
    const resumedAt = Date.now();
    for (const id of held) await client.result(id, { timeoutMs: 15_000 });
    expect(Date.now() - resumedAt).toBeLessThan(8_000);
    expect([...replicas, late].every((w) => !w.worker.paused)).toBe(true);
    const after = json<{ queue: string; paused: boolean }[]>(await runCli(['--json', 'streams'], env));
    expect(after.find((r) => r.queue === 'minimap')?.paused).toBe(false);
  }, 120_000);
});
