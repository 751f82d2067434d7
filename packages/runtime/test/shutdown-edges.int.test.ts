import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { createHarness, sleep, testHandlers } from './harness.js';

const USER_SLOT_LOCK = 'repowiki-user-slot';

/** What stop(), its grace period and an attempt's last progress report must not lose. */
describe('shutdown and attempt edges', () => {
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
