import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { createHarness, sleep, testHandlers } from './harness.js';

/**
 * JetStream hands an un-acked message to another attempt after the ack wait. A delivery
 * must therefore be kept alive (`working()`) for as long as the worker holds it, not only
 * while its handler runs: a database that is slow to start or to commit the attempt (an
 * fsync stall, a busy lock) would otherwise get the task run twice.
 */
describe('heartbeats while the ledger is slow', () => {
  test('a final commit slower than the ack wait: the task runs once and ends SUCCESS', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: 1_000 });
    await h.startWorker();
    // Due in 400 ms: time to lock its row before the worker may start it.
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'slow-commit', ms: 300 });
    // The claim is committed when the row says STARTED; then its row is locked so that the
    // final update waits on the lock for 2.5 ack waits.
    await waitFor(async () => (await h.client.status(id)).state !== 'PENDING');
    const locker = await dbClient.sql.reserve();
    try {
      await locker`begin`;
      await locker`select id from task_runs where id = ${id} for update`;
      await sleep(2_900);
      expect(effects.get('slow-commit')).toBe(1);
      await locker`commit`;
    } finally {
      locker.release();
    }
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ key: 'slow-commit' });
    expect((await h.client.status(id)).attempts).toBe(1);
    expect(effects.get('slow-commit')).toBe(1);
    await h.stop();
  });

  test('an attempt that waits longer than the ack wait to start runs once', async ({ nc, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: 1_000 });
    // The per-user start takes this user's advisory lock; hold it so the start waits.
    const locker = await dbClient.sql.reserve();
    try {
      await locker`select pg_advisory_lock(hashtext('repowiki-user-slot'), hashtext('user-slow-start'))`;
      await h.startWorker();
      // A handler that takes a while, so that a second delivery (had JetStream sent one)
      // would start while the first still runs instead of finding it final.
      const id = await h.client.submitAny(
        'tasks.warehouse.slow',
        { key: 'slow-start', ms: 500 },
        { userId: 'user-slow-start' },
      );
      await sleep(2_500);
      expect(effects.get('slow-start')).toBeUndefined();
      await locker`select pg_advisory_unlock(hashtext('repowiki-user-slot'), hashtext('user-slow-start'))`;
      await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ key: 'slow-start' });
      // Long enough for a second delivery, had there been one, to have run.
      await sleep(1_000);
      expect(effects.get('slow-start')).toBe(1);
      expect((await h.client.status(id)).attempts).toBe(1);
    } finally {
      locker.release();
    }
    await h.stop();
  });
});

describe('heartbeats while the worker itself stalls', () => {
  test('an event loop blocked past the ack wait: the redelivery is its own, the task runs once', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: 1_000 });
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'stalled', ms: 4_000 });
    await waitFor(async () => (await h.client.status(id)).state !== 'PENDING');
    // The worker runs in this process: a synchronous stretch here stalls its heartbeats
    // (as a CPU-bound step or a swapped-out host would) for 2.5 ack waits. JetStream
    // redelivers the message to the same worker, which still runs the task.
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      /* stall */
    }
    await expect(h.client.result(id, { timeoutMs: 10_000 })).resolves.toEqual({ key: 'stalled' });
    // Long enough for a second attempt, had one started, to have finished.
    await sleep(1_500);
    expect(effects.get('stalled')).toBe(1);
    expect((await h.client.status(id)).attempts).toBe(1);
    expect(await h.metrics.getSingleMetricAsString('repowiki_task_heartbeat_lapses_total')).toMatch(
      /holder="self",answer="held"} [1-9]/,
    );
    await h.stop();
  });
});
