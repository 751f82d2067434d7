import { type JetStreamManager, jetstream } from '@nats-io/jetstream';
import { connectNats, test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { RetryAfterError } from '../src/errors.js';
import { Topology } from '../src/nats/topology.js';
import { type ParkedRow, republish } from '../src/timers/republish.js';
import { TaskWorker } from '../src/worker/task-worker.js';
import { createHarness, silent, sleep, testHandlers } from './harness.js';
import { testCatalog } from './test-catalog.js';

/** Messages the queue's consumer has handed out and not yet seen acked. */
async function ackPending(jsm: JetStreamManager, namespace: string): Promise<number> {
  const t = new Topology(namespace);
  const info = await jsm.consumers.info(t.taskStream('warehouse'), t.consumer('warehouse'));
  return info.num_ack_pending;
}

describe('delayed deliveries leave ack-pending (issue 11, defect 1)', () => {
  test('five tasks due in 2 minutes do not block an immediate one at max_ack_pending 5', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()), { maxAckPending: 5 });
    await h.startWorker();
    for (let i = 0; i < 5; i++)
      await h.client.submitAny('tasks.warehouse.echo', { value: `later${i}` }, { countdownMs: 120_000 });
    // The five are parked (out of ack-pending) before the immediate one is submitted.
    await waitFor(
      async () => (await ackPending(jsm, h.namespace)) === 0 && (await parked(dbClient, h.namespace)) === 5,
      {
        timeoutMs: 3_000,
      },
    );
    const submitted = Date.now();
    const now = await h.client.submitAny('tasks.warehouse.echo', { value: 'now' });
    await expect(h.client.result(now, { timeoutMs: 2_000 })).resolves.toEqual({ value: 'now' });
    expect(Date.now() - submitted).toBeLessThan(2_000);
    for (const id of await pendingIds(dbClient, h.namespace))
      expect((await h.client.status(id)).state).toBe('PENDING');
    expect(await ackPending(jsm, h.namespace)).toBe(0);
    await h.stop();
  });

  test('a countdown task runs once, not before its time, with two replicas', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const runs: number[] = [];
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.echo': async (p: unknown) => {
        runs.push(Date.now());
        return { value: (p as { value: string }).value };
      },
    };
    const h = createHarness(nc, dbClient, handlers);
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
      ackWaitMs: 2_000,
    });
    await second.start();
    try {
      const dueAt = Date.now() + 2_500;
      const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'x' }, { eta: new Date(dueAt) });
      // While it waits, nothing holds the consumer's ack-pending window (the ack follows the
      // row's commit by a moment).
      await waitFor(
        async () => (await parked(dbClient, h.namespace)) === 1 && (await ackPending(jsm, h.namespace)) === 0,
        { timeoutMs: 2_200 },
      );
      await h.client.result(id, { timeoutMs: 5_000 });
      // Late by a poll interval (100 ms) plus a publish and a pull when the machine is idle;
      // the bound leaves room for a loaded 2-core machine (1.6 s seen at load 12).
      expect(runs[0]).toBeGreaterThanOrEqual(dueAt);
      expect(runs[0]! - dueAt).toBeLessThan(2_500);
      await new Promise((r) => setTimeout(r, 700));
      expect(runs).toHaveLength(1);
      expect(await parked(dbClient, h.namespace)).toBe(0);
    } finally {
      await second.stop(1_000);
      await h.stop();
      await nc2.close();
      await waitFor(() => nc2.isClosed());
    }
  });

  test('a retry backoff (RetryAfterError 2 s) waits out of ack-pending and runs again after it', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const runs: number[] = [];
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.flaky': async (_p: unknown, _ctx: TaskContext) => {
        runs.push(Date.now());
        if (runs.length === 1) throw new RetryAfterError(2_000);
        return { attempts: runs.length };
      },
    };
    const h = createHarness(nc, dbClient, handlers);
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.flaky', { key: 'k', failures: 1 });
    await waitFor(() => runs.length === 1, { timeoutMs: 5_000 });
    await waitFor(
      async () => (await parked(dbClient, h.namespace)) === 1 && (await ackPending(jsm, h.namespace)) === 0,
      { timeoutMs: 1_800 },
    );
    expect((await h.client.status(id)).state).toBe('RETRY');
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ attempts: 2 });
    expect(runs).toHaveLength(2);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(2_000);
    expect(runs[1]! - runs[0]!).toBeLessThan(3_500);
    expect((await h.client.status(id)).attempts).toBe(2);
    await h.stop();
  });

  test('a release repeated after a crash between publish and delete reaches the stream once', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    let runs = 0;
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.echo': async (p: unknown) => {
        runs++;
        return { value: (p as { value: string }).value };
      },
    };
    const h = createHarness(nc, dbClient, handlers);
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'x' }, { countdownMs: 120_000 });
    await waitFor(async () => (await parked(dbClient, h.namespace)) === 1, { timeoutMs: 3_000 });
    const stream = h.client.topology.taskStream('warehouse');
    const seqBefore = (await jsm.streams.info(stream)).state.last_seq;
    // A releaser published the row and died before deleting it …
    const [row] = await dbClient.sql<ParkedRow[]>`
      select id, subject, task_id as "taskId", user_id as "userId", headers, body from task_timers
      where task_id = ${id}`;
    expect(await republish(jetstream(nc), [{ ...row!, id: Number(row!.id) }])).toHaveLength(1);
    // … so the row is still due, and a live releaser publishes it again under the same id.
    await dbClient.sql`update task_timers set due_at = now() where task_id = ${id}`;
    await h.client.result(id, { timeoutMs: 3_000 });
    await waitFor(async () => (await parked(dbClient, h.namespace)) === 0, { timeoutMs: 2_000 });
    expect((await jsm.streams.info(stream)).state.last_seq - seqBefore).toBe(1);
    expect(runs).toBe(1);
    await h.stop();
  });

  test('a parked task revoked while it waits never runs', async ({ nc, dbClient }) => {
    let runs = 0;
    const handlers = {
      ...testHandlers(new Map()),
      'tasks.warehouse.echo': async (p: unknown) => {
        runs++;
        return { value: (p as { value: string }).value };
      },
    };
    const h = createHarness(nc, dbClient, handlers);
    await h.startWorker();
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'x' }, { countdownMs: 120_000 });
    await waitFor(async () => (await parked(dbClient, h.namespace)) === 1, { timeoutMs: 3_000 });
    expect(await h.client.revoke(id)).toBe('REVOKED');
    // Its time comes: the releaser publishes it, and the start check refuses it.
    await dbClient.sql`update task_timers set due_at = now() where task_id = ${id}`;
    await waitFor(async () => (await parked(dbClient, h.namespace)) === 0, { timeoutMs: 3_000 });
    await sleep(300);
    expect(runs).toBe(0);
    expect((await h.client.status(id)).state).toBe('REVOKED');
    await h.stop();
  });

  test('an unreadable parked row does not hold back the others and is released with its task id', async ({
    nc,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()));
    await h.startWorker();
    const stream = h.client.topology.taskStream('warehouse');
    const subject = h.client.topology.subject('tasks.warehouse.echo');
    await dbClient.sql`
      insert into task_timers (stream, source_seq, subject, task_id, kind, due_at, headers, body)
      values (${stream}, 1000000, ${subject}, 'garbled', 'due', now(), ${Buffer.from('not json')}, ${Buffer.from('{}')})`;
    const id = await h.client.submitAny('tasks.warehouse.echo', { value: 'ok' }, { countdownMs: 120_000 });
    await waitFor(async () => (await pendingIds(dbClient, h.namespace)).includes(id), { timeoutMs: 3_000 });
    await dbClient.sql`update task_timers set due_at = now() where task_id = ${id}`;
    await expect(h.client.result(id, { timeoutMs: 5_000 })).resolves.toEqual({ value: 'ok' });
    // The damaged row itself goes back too (with its task id) instead of waiting forever.
    await waitFor(async () => (await parked(dbClient, h.namespace)) === 0, { timeoutMs: 2_000 });
    await h.stop();
  });
});

/** Deliveries of this namespace's queue parked in `task_timers` (tests of a file share a database). */
async function parked(db: { sql: import('postgres').Sql }, namespace: string): Promise<number> {
  return (await pendingIds(db, namespace)).length;
}

async function pendingIds(db: { sql: import('postgres').Sql }, namespace: string): Promise<string[]> {
  const stream = new Topology(namespace).taskStream('warehouse');
  const rows = await db.sql<{ id: string }[]>`select task_id as id from task_timers where stream = ${stream}`;
  return rows.map((r) => r.id);
}
