import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Queue } from '@repowiki/contracts';
import { freePort } from '@repowiki/db';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { ensureStreams } from '../src/nats/ensure-streams.js';
import { Topology } from '../src/nats/topology.js';
import { createHarness, sleep, testHandlers } from './harness.js';

const serviceScript = fileURLToPath(new URL('./readiness-service.ts', import.meta.url));

/**
 * The worker's durable consumer can disappear under it: an operator runs `nats consumer rm`,
 * or the stream is deleted and re-created (a restore, a mistaken `nats stream rm`). The
 * worker must notice, recreate what is missing and pull again within seconds, and say it
 * is not ready (`/readyz` 503) for as long as it cannot.
 */
describe('a deleted consumer or stream', () => {
  test('consumer deleted under a running worker: a task submitted afterwards runs within 5 s', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await h.startWorker();
    const stream = h.client.topology.taskStream('warehouse');
    const consumer = h.client.topology.consumer('warehouse');
    await jsm.consumers.delete(stream, consumer);
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'after-rm' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'after-rm' });
    expect((await jsm.consumers.info(stream, consumer)).config.durable_name).toBe(consumer);
    await h.stop();
  });

  test('consumer deleted while a task runs: the new consumer’s copy of it is not run a second time', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: 1_000 });
    await h.startWorker();
    const stream = h.client.topology.taskStream('warehouse');
    const consumer = h.client.topology.consumer('warehouse');
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'through-rm', ms: 3_000 });
    await waitFor(async () => ['STARTED', 'PROGRESS'].includes((await h.client.status(id)).state));
    await jsm.consumers.delete(stream, consumer);
    await expect(h.client.result(id, { timeoutMs: 10_000 })).resolves.toEqual({ key: 'through-rm' });
    // The recreated consumer delivers its own copy of the running message; give it time to
    // come back after that consumer's ack wait and be judged.
    await sleep(2_500);
    expect(effects.get('through-rm')).toBe(1);
    expect((await h.client.status(id)).attempts).toBe(1);
    await waitFor(async () => (await jsm.consumers.info(stream, consumer)).num_ack_pending === 0, {
      timeoutMs: 5_000,
    });
    await h.stop();
  });

  test('stream deleted and re-created: the worker recreates its consumer and runs new tasks within 5 s', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const worker = await h.startWorker();
    await jsm.streams.delete(h.client.topology.taskStream('warehouse'));
    // Re-created the way a deploy or an operator would: streams only, no worker consumer.
    await ensureStreams(jsm, h.client.topology);
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'new-stream' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'new-stream' });
    expect(worker.ready).toBe(true);
    await h.stop();
  });

  test('while its stream cannot be recreated the worker is not ready; once it can, it runs tasks again', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const worker = await h.startWorker();
    expect(worker.ready).toBe(true);
    const foreign = await blockTaskStream(jsm, h.client.topology, 'warehouse');
    await waitFor(() => !worker.ready, { timeoutMs: 5_000 });
    // Long enough for a failed retry (every 1 s): it stays not ready.
    await sleep(1_500);
    expect(() => worker.assertReady()).toThrow(/warehouse-worker is missing/);
    await jsm.streams.delete(foreign);
    await waitFor(() => worker.ready, { timeoutMs: 5_000 });
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'recovered' });
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'recovered' });
    await h.stop();
  });

  test("a service's /readyz is 503 with consumer_missing while the consumer is missing, 200 once recreated", async ({
    natsUrl,
    databaseUrl,
    jsm,
  }) => {
    const namespace = uniqueName('ready');
    const port = await freePort();
    const svc = spawn(
      process.execPath,
      ['--conditions=source', '--import', '@swc-node/register/esm-register', serviceScript],
      {
        env: {
          ...process.env,
          NATS_URL: natsUrl,
          DATABASE_URL: databaseUrl,
          NATS_NAMESPACE: namespace,
          HTTP_PORT: String(port),
          LOG_LEVEL: 'fatal',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    );
    const exited = new Promise((r) => svc.once('exit', r));
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return {
        status: res.status,
        body: (await res.json()) as { status: string; checks: Record<string, string> },
      };
    };
    try {
      await waitFor(async () => (await readyz()).status === 200, { timeoutMs: 20_000, intervalMs: 200 });
      const foreign = await blockTaskStream(jsm, new Topology(namespace), 'statistics');
      const down = await waitFor(
        async () => {
          const r = await readyz();
          return r.status === 503 ? r : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(down.body).toMatchObject({ status: 'unavailable', checks: { nats: 'ok', database: 'ok' } });
      expect(down.body.checks.consumer).toBe('failed: consumer_missing');
      await jsm.streams.delete(foreign);
      await waitFor(async () => (await readyz()).status === 200, { timeoutMs: 5_000 });
      expect((await readyz()).body.checks.consumer).toBe('ok');
    } finally {
      svc.kill('SIGTERM');
      await exited;
      for (const s of new Topology(namespace).streams()) await jsm.streams.delete(s.name).catch(() => {});
    }
  }, 40_000);
});

/**
 * Replaces a queue's task stream by a foreign stream on the same subjects: the worker's
 * stream cannot be created again (overlapping subjects) until the foreign one goes. The
 * worker may recreate its stream between our delete and add: then we try again.
 * @returns the foreign stream's name
 */
async function blockTaskStream(jsm: JetStreamManager, topology: Topology, queue: Queue): Promise<string> {
  const stream = topology.taskStream(queue);
  const foreign = `${stream}_FOREIGN`;
  const subjects = (await jsm.streams.info(stream)).config.subjects;
  for (let tries = 1; ; tries++) {
    await jsm.streams.delete(stream).catch(() => {});
    try {
      await jsm.streams.add({ name: foreign, subjects });
      return foreign;
    } catch (e: unknown) {
      if (tries >= 10 || !/overlap/.test(String(e))) throw e;
    }
  }
}
