import { randomUUID } from 'node:crypto';
import { type JetStreamManager, jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db';
import {
  type BatchContext,
  type BatchItem,
  createAccessLogPublisher,
  publishAccessLogs,
  type SettledAttempt,
  TaskWorker,
  Topology,
} from '@repowiki/runtime';
import { connectNats, test, uniqueName, waitFor } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { handlers } from './handlers/index.js';
import { recordAccessBatch } from './handlers/record.handler.js';

/**
 * The real path of a page view: the web tier's helpers publish, a TaskWorker serving
 * accesslog-svc's handlers ingests into access_records — each test in a NATS namespace of its
 * own on the shared server, against this file's cloned database.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const view = (path: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'repository',
  resourceId: 'acme/wiki',
  ipAddress: '203.0.113.9',
  path,
  method: 'GET',
  statusCode: 200,
  responseTime: 2.5,
  occurredAt: new Date().toISOString(),
  ...extra,
});

type RecordHandler = (
  items: readonly BatchItem<'tasks.accesslog.record'>[],
  ctx: BatchContext,
) => Promise<void>;

async function startIngest(
  nc: NatsConnection,
  jsm: JetStreamManager,
  db: DbClient,
  record: RecordHandler = recordAccessBatch,
  namespace = uniqueName('al'),
) {
  const topology = new Topology(namespace);
  const settled: SettledAttempt[] = [];
  const worker = new TaskWorker({
    nc,
    db,
    queue: 'accesslog',
    handlers: { ...handlers, 'tasks.accesslog.record': record } as never,
    serviceName: 'accesslog-test',
    logger: pino({ level: 'silent' }),
    namespace,
    ackWaitMs: 2_000,
    onSettled: (s) => settled.push(s),
  });
  await worker.start();
  return {
    namespace,
    topology,
    settled,
    js: jetstream(nc),
    async stop({ keepStreams = false } = {}) {
      await worker.stop(1_000);
      if (keepStreams) return;
      for (const s of topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
    },
  };
}

/**
 * A worker whose acks never arrive: on its own connection, closed right after the first
 * call's commit (as a worker killed between commit and ack). Its messages come back after the
 * ack wait (2 s) to whichever worker pulls next.
 */
async function startWorkerThatLosesItsAck(jsm: JetStreamManager, db: DbClient) {
  const own = await connectNats();
  let calls = 0;
  const ingest = await startIngest(own, jsm, db, async (items, ctx) => {
    calls++;
    await recordAccessBatch(items, ctx);
    await own.close();
  });
  return { ...ingest, calls: () => calls };
}

async function rowsFor(db: DbClient, ids: readonly string[]) {
  return db.sql<{ message_id: string; path: string }[]>`
    select message_id, path from access_records where message_id = any(${textArray(ids)}::text::text[]) order by path`;
}

async function dlqEntries(jsm: JetStreamManager, stream: string) {
  const info = await jsm.streams.info(stream).catch(() => undefined);
  const out: { reason: string; part: string; taskId: string; data: string }[] = [];
  if (!info) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!m) continue;
    out.push({
      reason: m.header.get(HEADERS.dlqReason),
      part: m.header.get(HEADERS.dlqPart),
      taskId: m.header.get(HEADERS.taskId),
      data: m.string(),
    });
  }
  return out;
}

async function taskRunsCount(db: DbClient): Promise<number> {
  const [row] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from task_runs where name = 'tasks.accesslog.record'`;
  return row?.n ?? -1;
}

describe('access-log ingest through the worker (ledger: false)', () => {
  test('page views published through the batching publisher are stored once each, within a second, with no task_runs row', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const ingest = await startIngest(nc, jsm, dbClient);
    const publisher = createAccessLogPublisher({ js: ingest.js, namespace: ingest.namespace });
    try {
      const runsBefore = await taskRunsCount(dbClient);
      const started = Date.now();
      const first = publisher.publish(view('/p/first'))!;
      // A single page view (nothing else to batch it with) is stored within a second.
      await waitFor(async () => (await rowsFor(dbClient, [first])).length === 1, {
        timeoutMs: 1_000,
        intervalMs: 20,
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      const ids = Array.from({ length: 1_200 }, (_, i) => publisher.publish(view(`/p/${i}`))!);
      expect(await publisher.flush(5_000)).toBe(true);
      await waitFor(async () => (await rowsFor(dbClient, ids)).length === ids.length, { timeoutMs: 10_000 });
      // 1,201 entries went in a handful of messages (500 at most each), all acknowledged.
      const messages = ingest.settled.filter((s) => s.subject === 'tasks.accesslog.record');
      expect(messages.length).toBeGreaterThanOrEqual(4);
      expect(messages.length).toBeLessThan(20);
      expect(messages.every((s) => s.state === 'SUCCESS')).toBe(true);
      await sleep(300);
      const rows = await rowsFor(dbClient, [first, ...ids]);
      expect(rows).toHaveLength(1_201);
      expect(new Set(rows.map((r) => r.message_id)).size).toBe(1_201);
      expect(await taskRunsCount(dbClient)).toBe(runsBefore);
    } finally {
      await publisher.close(1_000);
      await ingest.stop();
    }
  });

  test('a batch redelivered after its commit (the ack never came) stores nothing twice', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const lost = await startWorkerThatLosesItsAck(jsm, dbClient);
    const js = jetstream(nc);
    const entries = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), entry: view(`/r/${i}`) }));
    const { ids } = await publishAccessLogs(js, entries, { namespace: lost.namespace });
    await waitFor(() => lost.calls() === 1, { timeoutMs: 5_000 });
    await lost.stop({ keepStreams: true });
    expect(await rowsFor(dbClient, ids)).toHaveLength(50);
    const ingest = await startIngest(nc, jsm, dbClient, recordAccessBatch, lost.namespace);
    try {
      // The redelivery (delivery 2) runs through the real handler and is acked.
      await waitFor(() => ingest.settled.some((s) => s.state === 'SUCCESS'), { timeoutMs: 10_000 });
      expect(ingest.settled.map((s) => `${s.state} ${s.attempt}`)).toEqual(['SUCCESS 2']);
      const rows = await rowsFor(dbClient, ids);
      expect(rows).toHaveLength(50);
      expect(new Set(rows.map((r) => r.message_id)).size).toBe(50);
      // The same entries published again under another message id (a producer retry past the
      // stream's duplicate window): still one row each.
      await publishAccessLogs(js, entries, { namespace: ingest.namespace, msgId: randomUUID() });
      await waitFor(() => ingest.settled.filter((s) => s.state === 'SUCCESS').length === 2, {
        timeoutMs: 5_000,
      });
      expect(await rowsFor(dbClient, ids)).toHaveLength(50);
      // Acked (the ack reaches the server just after onSettled): nothing left in the work queue.
      await waitFor(
        async () => (await jsm.streams.info(ingest.topology.taskStream('accesslog'))).state.messages === 0,
        { timeoutMs: 2_000 },
      );
    } finally {
      await ingest.stop();
    }
  });

  test('a batch with one invalid entry stores the valid ones and dead-letters the bad one once, with the reason', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    // The first worker commits and loses its ack, so the message is delivered twice: the bad
    // entry must still reach the DLQ exactly once.
    const lost = await startWorkerThatLosesItsAck(jsm, dbClient);
    const js = jetstream(nc);
    const good = [randomUUID(), randomUUID()];
    const body = JSON.stringify({
      entries: [
        { id: good[0], entry: view('/ok/1') },
        { id: 'bad-1', entry: view('/bad', { statusCode: 42 }) },
        { id: good[1], entry: view('/ok/2') },
        { id: 'nul-1', entry: view('/nul', { userAgent: 'bad\u0000agent' }) },
      ],
    });
    const h = headers();
    h.set(HEADERS.taskId, 'mixed-1');
    await js.publish(lost.topology.subject('tasks.accesslog.record'), body, { msgID: 'mixed-1', headers: h });
    await waitFor(() => lost.calls() === 1, { timeoutMs: 5_000 });
    await lost.stop({ keepStreams: true });
    const ingest = await startIngest(nc, jsm, dbClient, recordAccessBatch, lost.namespace);
    try {
      await waitFor(() => ingest.settled.some((s) => s.state === 'SUCCESS'), { timeoutMs: 10_000 });
      expect(ingest.settled.map((s) => `${s.state} ${s.attempt}`)).toEqual(['SUCCESS 2']);
      expect((await rowsFor(dbClient, good)).map((r) => r.path)).toEqual(['/ok/1', '/ok/2']);
      expect(await rowsFor(dbClient, ['bad-1'])).toEqual([]);
      await sleep(500);
      const dlq = await dlqEntries(jsm, ingest.topology.dlqStream);
      expect(dlq).toHaveLength(2);
      expect(dlq[0]).toMatchObject({ taskId: 'mixed-1', part: '1' });
      expect(dlq[0]!.reason).toMatch(/entry 1: .*statusCode/);
      expect(JSON.parse(dlq[0]!.data)).toMatchObject({ entries: [{ id: 'bad-1', entry: { path: '/bad' } }] });
      // A value PostgreSQL cannot store would fail the whole call on every retry: dead-lettered alone.
      expect(dlq[1]).toMatchObject({ taskId: 'mixed-1', part: '3' });
      expect(dlq[1]!.reason).toMatch(/entry 3: userAgent .*NUL/);
      expect(await rowsFor(dbClient, ['nul-1'])).toEqual([]);
      // Acked (the ack reaches the server just after onSettled): nothing left in the work queue.
      await waitFor(
        async () => (await jsm.streams.info(ingest.topology.taskStream('accesslog'))).state.messages === 0,
        { timeoutMs: 2_000 },
      );
    } finally {
      await ingest.stop();
    }
  });

  test('a message that is not a valid batch at all is dead-lettered once, without a task_runs row', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const ingest = await startIngest(nc, jsm, dbClient);
    try {
      const runsBefore = await taskRunsCount(dbClient);
      await ingest.js.publish(
        ingest.topology.subject('tasks.accesslog.record'),
        JSON.stringify({ entries: [] }),
        {
          msgID: 'empty-1',
        },
      );
      await waitFor(async () => (await dlqEntries(jsm, ingest.topology.dlqStream)).length === 1, {
        timeoutMs: 5_000,
      });
      await sleep(2_500); // past the ack wait: a message left unacked would be back by now
      const dlq = await dlqEntries(jsm, ingest.topology.dlqStream);
      expect(dlq).toHaveLength(1);
      expect(dlq[0]!.reason).toMatch(/entries/);
      expect(await taskRunsCount(dbClient)).toBe(runsBefore);
    } finally {
      await ingest.stop();
    }
  });

  test('old one-entry messages already in the stream still ingest, under their task id', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const ingest = await startIngest(nc, jsm, dbClient);
    try {
      const runsBefore = await taskRunsCount(dbClient);
      const ids = [randomUUID(), randomUUID()];
      for (const [i, id] of ids.entries()) {
        // Exactly what the earlier publishAccessLog sent: `{ entry }`, the task id in headers.
        const h = headers();
        h.set(HEADERS.taskId, id);
        h.set(HEADERS.userId, 'u-old');
        await ingest.js.publish(
          ingest.topology.subject('tasks.accesslog.record'),
          JSON.stringify({ entry: view(`/old/${i}`) }),
          { msgID: id, headers: h },
        );
      }
      await waitFor(async () => (await rowsFor(dbClient, ids)).length === 2, { timeoutMs: 5_000 });
      const [row] = await dbClient.sql`select user_id from access_records where message_id = ${ids[0]!}`;
      expect(row?.user_id).toBe('u-old');
      expect(await taskRunsCount(dbClient)).toBe(runsBefore);
    } finally {
      await ingest.stop();
    }
  });
});
