import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { runningOn, startChildWorker } from './child-worker.js';
import { createHarness, sleep, testHandlers } from './harness.js';
import { StallingProxy } from './stalling-proxy.js';

/**
 * A replica whose process stops (SIGSTOP: what a CPU-starved, swapped-out or frozen host
 * looks like) stays connected, so JetStream only sees its heartbeats lapse and redelivers its
 * task to another replica. That replica must not run the task beside it: the stalled one
 * comes back and finishes it.
 */
describe('a replica stalled past the ack wait', () => {
  test('its task is not run a second time by the other replica; it finishes it once, attempt 1', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const key = `stall-${Date.now()}`;
    const effects = new Map<string, number>();
    // A 30 s lease on both: on a loaded machine the stall (second worker's start included)
    // must stay shorter than the lease, or the other replica rightly takes the task over.
    const h = createHarness(nc, dbClient, testHandlers(effects, dbClient), {
      ackWaitMs: 1_000,
      leaseMs: 30_000,
    });
    const stalled = await startChildWorker({
      LEASE_MS: '30000',
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      NAMESPACE: h.namespace,
    });
    try {
      const id = await h.client.submitAny('tasks.warehouse.slow', { key, ms: 2_000 });
      await runningOn(h.client, id, stalled.workerId);
      // Stopped first: a second worker started on a loaded machine must not give the task
      // time to finish before the stall.
      stalled.child.kill('SIGSTOP');
      await h.startWorker({ ackWaitMs: 1_000, leaseMs: 30_000 });
      // 3 ack waits: JetStream redelivers to the running replica, maybe more than once.
      await sleep(3_000);
      stalled.child.kill('SIGCONT');
      await expect(h.client.result(id, { timeoutMs: 15_000 })).resolves.toEqual({ key });
      // Long enough for a second run, had one started, to have recorded its effect.
      await sleep(2_000);
      const [row] = await dbClient.sql<
        { n: number }[]
      >`select count(*)::int as n from test_effects where key = ${key}`;
      expect(row?.n).toBe(1);
      expect(effects.get(key)).toBeUndefined();
      // Ended by the stalled worker, never by the other. (Not `attempts: 1`: on a loaded
      // machine the stall can push the attempt past its 5 s soft limit, and the stalled worker
      // then retries it itself; the handler still completes once.)
      expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', workerId: stalled.workerId });
      // Operators see it: the replica that got the redelivery asked the holder, and it was
      // silent (stopped) or, when the redelivery came after SIGCONT on a loaded machine, held.
      expect(await h.metrics.getSingleMetricAsString('repowiki_task_heartbeat_lapses_total')).toMatch(
        /holder="other",answer="(silent|held)"} [1-9]/,
      );
    } finally {
      stalled.child.kill('SIGCONT');
      stalled.child.kill('SIGKILL');
      await stalled.exited;
      await h.stop();
    }
  }, 60_000);

  test('a replica cut off from NATS but still renewing its lease keeps its task: no responder is not death', async ({
    nc,
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    await dbClient.sql`create table if not exists test_effects (key text not null)`;
    const key = `cut-${Date.now()}`;
    const h = createHarness(nc, dbClient, testHandlers(new Map(), dbClient), { ackWaitMs: 1_000 });
    const u = new URL(natsUrl);
    const natsProxy = await StallingProxy.start({ host: u.hostname, port: Number(u.port || 4222) });
    const cutOff = await startChildWorker({
      NATS_URL: `nats://127.0.0.1:${natsProxy.port}`,
      DATABASE_URL: databaseUrl,
      NAMESPACE: h.namespace,
    });
    try {
      const id = await h.client.submitAny('tasks.warehouse.slow', { key, ms: 4_000 });
      await runningOn(h.client, id, cutOff.workerId);
      // Its NATS connection is reset and refused; its handler runs on and its lease is
      // renewed through PostgreSQL. The other replica finds no responder on its subject.
      natsProxy.cut();
      await h.startWorker({ ackWaitMs: 1_000 });
      await sleep(2_500);
      natsProxy.resume();
      await expect(h.client.result(id, { timeoutMs: 20_000 })).resolves.toEqual({ key });
      await sleep(2_000);
      const [row] = await dbClient.sql<
        { n: number }[]
      >`select count(*)::int as n from test_effects where key = ${key}`;
      expect(row?.n).toBe(1);
      expect(await h.client.status(id)).toMatchObject({
        state: 'SUCCESS',
        attempts: 1,
        workerId: cutOff.workerId,
      });
      expect(await h.metrics.getSingleMetricAsString('repowiki_task_heartbeat_lapses_total')).toMatch(
        /holder="other",answer="gone"} [1-9]/,
      );
    } finally {
      cutOff.child.kill('SIGKILL');
      await cutOff.exited;
      await h.stop();
      await natsProxy.close();
    }
  }, 60_000);
});
