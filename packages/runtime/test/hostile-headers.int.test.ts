import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readDlq } from './dlq-reader.js';
import { createHarness, testHandlers } from './harness.js';
import { rawPublish } from './raw-publish.js';

/**
 * A header line nats.js refuses to decode (a key with a space or a non-ASCII character):
 * `m.headers` throws on such a message. Bad input is dead-lettered once or run, never
 * handed back to the stream in a loop.
 */
describe('a header nats.js cannot decode', () => {
  test('an invalid payload is dead-lettered once, a valid one runs once', async ({
    nc,
    jsm,
    natsUrl,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    const worker = await h.startWorker();
    const subject = h.client.topology.subject('tasks.warehouse.echo');
    const invalid = `${h.namespace}-hostile-invalid`;
    const valid = `${h.namespace}-hostile-valid`;
    await rawPublish(natsUrl, subject, [
      {
        lines: [`Task-Id: ${invalid}`, `Nats-Msg-Id: ${invalid}`, 'Task-User-Id: u-hostile', 'Bad Key: v'],
        payload: '{"nope":1}',
      },
      { lines: [`Task-Id: ${valid}`, `Nats-Msg-Id: ${valid}`, 'Schlüssel: v'], payload: '{"value":"x"}' },
    ]);
    // No PENDING row (not submitted through the client): the worker's claim makes it.
    await waitFor(async () => (await h.client.status(valid)).state === 'SUCCESS');
    await expect(h.client.result(valid, { timeoutMs: 1_000 })).resolves.toEqual({ value: 'x' });
    await waitFor(async () => (await readDlq(jsm, h.client.topology.dlqStream)).length > 0);
    // Long enough for a redelivery (nak'ed after 1 s) to have come back, had there been one.
    await new Promise((r) => setTimeout(r, 2_500));
    const dlq = await readDlq(jsm, h.client.topology.dlqStream);
    expect(dlq.map((d) => [d.taskId, d.code])).toEqual([[invalid, 'invalid_payload']]);
    // The block could not be decoded, yet the entry keeps the task headers (a replay needs them).
    expect(dlq[0]?.userId).toBe('u-hostile');
    expect(worker.counters).toMatchObject({ deadLettered: 1, succeeded: 1 });
    expect((await h.client.status(invalid)).state).toBe('FAILURE');
    await h.stop();
  });
});
