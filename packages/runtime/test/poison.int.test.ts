import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { NonRetriableError } from '../src/errors.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep, testHandlers } from './harness.js';

const ACK_WAIT_MS = 1_000;

/**
 * PostgreSQL's jsonb and text reject NUL and lone surrogates. One such value must never fail
 * the group-committed statement of its innocent neighbours, nor loop.
 */
describe('poison values (NUL, lone surrogates)', () => {
  test('a hand-published payload with NUL among innocent tasks: every task runs exactly once', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: ACK_WAIT_MS });
    const w = await h.startWorker({ concurrency: 16 });
    const js = jetstream(nc);
    const publish = (taskId: string, key: string) => {
      const hd = headers();
      hd.set('Task-Id', taskId);
      return js.publish(`${h.namespace}.tasks.warehouse.flaky`, JSON.stringify({ key, failures: 0 }), {
        headers: hd,
      });
    };
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => publish(`innocent-a${i}`, `a${i}`)),
      publish('poison-nul', 'bad\u0000nul'),
      publish('poison-surrogate', 'bad\ud800lone'),
      ...Array.from({ length: 10 }, (_, i) => publish(`innocent-b${i}`, `b${i}`)),
    ]);
    await waitFor(async () => {
      const [row] = await dbClient.sql<{ n: number }[]>`
        select count(*)::int as n from task_runs where state in ('SUCCESS','FAILURE')`;
      return row?.n === 22;
    });
    await sleep(2.5 * ACK_WAIT_MS);
    for (let i = 0; i < 10; i++) {
      expect(effects.get(`a${i}`)).toBe(1);
      expect(effects.get(`b${i}`)).toBe(1);
    }
    expect(effects.get('bad\u0000nul')).toBe(1);
    expect(effects.get('bad\ud800lone')).toBe(1);
    const poison = await h.client.ledger.get('poison-nul');
    expect(poison?.state).toBe('SUCCESS');
    expect(poison?.payload).toEqual({ key: 'bad\ufffdnul', failures: 0 });
    expect((await h.client.status('poison-surrogate')).state).toBe('SUCCESS');
    expect(await readDlq(jsm, w.topology.dlqStream)).toEqual([]);
    const info = await jsm.consumers.info(
      w.topology.taskStream('warehouse'),
      w.topology.consumer('warehouse'),
    );
    expect(info.num_ack_pending).toBe(0);
    await h.stop();
  });

  test('a result, an error message and a progress step with NUL are stored escaped, once', async ({
    nc,
    dbClient,
  }) => {
    const runs = new Map<string, number>();
    const count = (k: string) => runs.set(k, (runs.get(k) ?? 0) + 1);
    const h = createHarness(
      nc,
      dbClient,
      {
        ...testHandlers(new Map()),
        'tasks.warehouse.echo': async (p: unknown, ctx: TaskContext) => {
          const { value } = p as { value: string };
          count(value);
          ctx.progress({ percent: 50, step: 'step\u0000one' });
          await sleep(50);
          return { value: `${value}\u0000!` };
        },
        'tasks.warehouse.refuse': async (p: unknown) => {
          count((p as { key: string }).key);
          throw new NonRetriableError('broken \u0000 message \udc00');
        },
      },
      { ackWaitMs: ACK_WAIT_MS },
    );
    await h.startWorker();
    const ok = await h.client.submitAny('tasks.warehouse.echo', { value: 'v' });
    const ko = await h.client.submitAny('tasks.warehouse.refuse', { key: 'k' });
    await expect(h.client.result(ok, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'v\ufffd!' });
    await waitFor(async () => (await h.client.status(ko)).state === 'FAILURE');
    expect((await h.client.status(ko)).error?.message).toBe('broken \ufffd message \ufffd');
    await sleep(2.5 * ACK_WAIT_MS);
    expect(runs).toEqual(
      new Map([
        ['v', 1],
        ['k', 1],
      ]),
    );
    await h.stop();
  });
});
