import { connectNats, test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { TaskWorker } from '../src/worker/task-worker.js';
import { createHarness, silent, sleep, testHandlers } from './harness.js';
import { testCatalog } from './test-catalog.js';

describe('per-user concurrency', () => {
  test('TASK_MAX_SIZE_PER_USER=2 across two replicas: A never runs more than 2, and B is not starved', async ({
    nc,
    dbClient,
  }) => {
    const running = new Map<string, number>();
    const maxRunning = new Map<string, number>();
    const startedAt: { user: string; at: number }[] = [];
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.slow': async (p: unknown, ctx: TaskContext) => {
        const user = ctx.task.userId ?? 'none';
        const now = (running.get(user) ?? 0) + 1;
        running.set(user, now);
        maxRunning.set(user, Math.max(maxRunning.get(user) ?? 0, now));
        startedAt.push({ user, at: Date.now() });
        try {
          await sleep((p as { ms: number }).ms);
        } finally {
          running.set(user, (running.get(user) ?? 1) - 1);
        }
        return { key: (p as { key: string }).key };
      },
    };
    const h = createHarness(nc, dbClient, handlers, { maxPerUser: 2, concurrency: 4, throttleDelayMs: 100 });
    // Two replicas, each with its own connection, like two pods.
    const nc2 = await connectNats();
    await h.startWorker();
    const second = new TaskWorker({
      nc: nc2,
      db: dbClient,
      queue: 'warehouse',
      handlers,
      serviceName: 'replica-2',
      logger: silent,
      catalog: testCatalog,
      namespace: h.namespace,
      maxPerUser: 2,
      concurrency: 4,
      throttleDelayMs: 100,
      ackWaitMs: 2_000,
    });
    await second.start();
    const a = [];
    for (let i = 0; i < 10; i++)
      a.push(await h.client.submitAny('tasks.warehouse.slow', { key: `a${i}`, ms: 300 }, { userId: 'A' }));
    const b = await h.client.submitAny('tasks.warehouse.slow', { key: 'b', ms: 50 }, { userId: 'B' });
    await h.client.result(b, { timeoutMs: 10_000 });
    for (const id of a) await h.client.result(id, { timeoutMs: 15_000 });
    expect(maxRunning.get('A')).toBe(2);
    const bStart = startedAt.find((s) => s.user === 'B')!.at;
    const lastAStart = Math.max(...startedAt.filter((s) => s.user === 'A').map((s) => s.at));
    expect(bStart).toBeLessThan(lastAStart);
    await second.stop(1_000);
    await h.stop();
    await nc2.close();
    await waitFor(() => nc2.isClosed());
  });
});
