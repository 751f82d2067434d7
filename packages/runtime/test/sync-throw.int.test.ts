import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { NonRetriableError } from '../src/errors.js';
import { readDlq } from './dlq-reader.js';
import { createHarness } from './harness.js';

/**
 * A handler written without `async` can throw before it returns a promise. That throw is the
 * task's outcome like any rejection: a NonRetriableError fails the task at once, with one DLQ
 * entry, not a redelivery loop that ends as `worker_crashed`.
 */
describe('a handler that throws synchronously', () => {
  test('is the task’s failure: FAILURE after one attempt, dead-lettered once with its code', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    let calls = 0;
    const h = createHarness(nc, dbClient, {
      'tasks.warehouse.refuse': (() => {
        calls++;
        throw new NonRetriableError('refused before any await', { code: 'bad_repo' });
      }) as never,
    });
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.refuse', { key: 'sync' });
    await waitFor(async () => (await h.client.status(id)).state === 'FAILURE', { timeoutMs: 10_000 });
    // Long enough for a redelivery (nak'ed after 1 s) to have come back, had there been one.
    await new Promise((r) => setTimeout(r, 2_000));
    const status = await h.client.status(id);
    expect(status).toMatchObject({ state: 'FAILURE', attempts: 1 });
    expect(status.error).toMatchObject({ message: 'refused before any await', code: 'bad_repo' });
    expect(calls).toBe(1);
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq.map((d) => d.taskId)).toEqual([id]);
    await h.stop();
  });
});
