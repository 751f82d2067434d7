import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { createHarness, sleep, testHandlers } from './harness.js';

const USER_SLOT_LOCK = 'repowiki-user-slot';

/** What stop(), its grace period and an attempt's last progress report must not lose. */
describe('shutdown and attempt edges', () => {
  test('stop() while a delivery waits for the ledger to begin: it never starts there, another replica runs it once', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    // The per-user start takes this user's advisory lock: holding it keeps the begin waiting.
    const locker = await dbClient.sql.reserve();
    try {
      await locker`select pg_advisory_lock(hashtext(${USER_SLOT_LOCK}), hashtext('user-stop-begin'))`;
      const stopped = await h.startWorker();
      const id = await h.client.submitAny(
        'tasks.warehouse.flaky',
        { key: 'stop-begin', failures: 0 },
        { userId: 'user-stop-begin' },
      );
      await waitFor(() => stopped.inspect().held === 1);
      const stopping = stopped.stop(5_000);
      await locker`select pg_advisory_unlock(hashtext(${USER_SLOT_LOCK}), hashtext('user-stop-begin'))`;
      await stopping;
      expect(effects.get('stop-begin')).toBeUndefined();
      await h.startWorker();
      await expect(h.client.result(id, { timeoutMs: 8_000 })).resolves.toEqual({ attempts: 1 });
      expect(effects.get('stop-begin')).toBe(1);
    } finally {
      locker.release();
    }
    await h.stop();
  });

  test('leases are renewed while stop() drains: a user at TASK_MAX_SIZE_PER_USER=1 gets no second task meanwhile', async ({
    nc,
    dbClient,
  }) => {
    const spans = new Map<string, { startedAt: number; endedAt?: number }>();
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.slow': async (p: unknown, ctx: TaskContext) => {
        const { key, ms } = p as { key: string; ms: number };
        const span: { startedAt: number; endedAt?: number } = { startedAt: Date.now() };
        spans.set(key, span);
        await sleep(ms, ctx.signal);
        span.endedAt = Date.now();
        return { key };
      },
    };
    // Leases of 3 s renewed every second: a task of 5 s draining outlasts one (without
    // renewals the second task would start 2 s before the first ends). Not shorter: a renewal
    // delayed by a loaded machine (the full suite) lapsed a 2 s lease now and then.
    const h = createHarness(nc, dbClient, handlers, { maxPerUser: 1, leaseMs: 3_000 });
    const draining = await h.startWorker();
    const first = await h.client.submitAny(
      'tasks.warehouse.slow',
      { key: 'first', ms: 5_000 },
      { userId: 'u1' },
    );
    await waitFor(() => spans.has('first'));
    const stopping = draining.stop(10_000);
    await h.startWorker();
    const second = await h.client.submitAny(
      'tasks.warehouse.slow',
      { key: 'second', ms: 100 },
      { userId: 'u1' },
    );
    await h.client.result(first, { timeoutMs: 15_000 });
    await stopping;
    await h.client.result(second, { timeoutMs: 15_000 });
    // The user's one slot stayed taken until the first task ended.
    expect(spans.get('second')!.startedAt).toBeGreaterThanOrEqual(spans.get('first')!.endedAt!);
    await h.stop();
  }, 40_000);

  test('the last progress report of an attempt is written, not dropped by the throttle', async ({
    nc,
    dbClient,
  }) => {
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.echo': async (p: unknown, ctx: TaskContext) => {
        ctx.progress({ percent: 10, step: 'first' });
        // Within the reporter's 250 ms throttle: only the trailing write can carry it.
        ctx.progress({ percent: 100, step: 'last' });
        return { value: (p as { value: string }).value };
      },
    };
    const h = createHarness(nc, dbClient, handlers);
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'reported' });
    await h.client.result(id, { timeoutMs: 5_000 });
    expect((await h.client.status(id)).progress).toEqual({ percent: 100, step: 'last' });
    await h.stop();
  });
});
