import type { NatsConnection } from '@nats-io/nats-core';
import type { TestFixtures } from '@repowiki/testkit';

type JetStreamManager = TestFixtures['jsm'];

import { HEADERS, type TaskSubject } from '@repowiki/contracts';
import { createDbClient, type DbClient, textArray } from '@repowiki/db';
import { TaskClient, Topology } from '@repowiki/runtime';
import { connectNats, test, uniqueName, waitFor } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect, onTestFinished } from 'vitest';
import type { ScheduleEntry } from '../schedule/schedule-entry.schema.js';
import { fireTaskId } from '../schedule/task-id.js';
import { toMs } from './fire-store.js';
import { Scheduler } from './scheduler.js';

const logger = pino({ level: 'silent' });
const SUBJECT: TaskSubject = 'tasks.minimap.generate';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tick = (name: string, missed: ScheduleEntry['missed'] = 'catch-up'): ScheduleEntry => ({
  name,
  subject: SUBJECT,
  payload: {},
  everySeconds: 1,
  timezone: 'UTC',
  missed,
});

interface Replica {
  scheduler: Scheduler;
  nc: NatsConnection;
  db: DbClient;
}

/** One replica as in production: its own NATS connection, database pool and TaskClient. */
async function startReplica(
  databaseUrl: string,
  namespace: string,
  entries: ScheduleEntry[],
  id: string,
  extra: Partial<ConstructorParameters<typeof Scheduler>[0]> = {},
): Promise<Replica> {
  const nc = await connectNats();
  const db = createDbClient(databaseUrl, { max: 2 });
  const scheduler = new Scheduler({
    entries,
    submitter: new TaskClient({ nc, db, namespace }),
    db,
    logger,
    replicaId: id,
    ...extra,
  });
  const replica = { scheduler, nc, db };
  // Closed even when an assertion fails first: the fixtures fail a test that leaks connections.
  onTestFinished(() => stopReplica(replica));
  await scheduler.start();
  return replica;
}

async function stopReplica(r: Replica): Promise<void> {
  await r.scheduler.stop();
  if (!r.nc.isClosed()) await r.nc.close();
  await r.db.close();
}

/** The namespaced work-queue stream the runtime would create for the minimap queue. */
async function createStream(jsm: JetStreamManager, namespace: string): Promise<string> {
  const topology = new Topology(namespace);
  const name = topology.taskStream('minimap');
  await jsm.streams.add({
    name,
    subjects: [topology.subject('tasks.minimap.>')],
    retention: 'workqueue' as never,
  });
  return name;
}

async function fires(db: DbClient, entry: string) {
  return db.sql<
    {
      slot: Date | string;
      taskId: string;
      kind: string;
      firedBy: string;
      publishedAt: Date | string | null;
    }[]
  >`
    select slot, task_id as "taskId", kind, fired_by as "firedBy", published_at as "publishedAt"
    from schedule_fires where entry = ${entry} order by slot`;
}

describe('scheduler', () => {
  test('three replicas for 10 s: every 1 s slot is published exactly once, none skipped', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('sch');
    await createStream(jsm, ns);
    // Every publish, duplicates included (JetStream de-duplication would hide them from the stream).
    const published: string[] = [];
    const sent = new Set<string>();
    const sub = nc.subscribe(`${ns}.${SUBJECT}`, {
      callback: (_e, m) => {
        // A re-send of one message after a late PubAck (same task id, same submission time)
        // is one publish, dropped by the stream; a second fire would be a second submission.
        const key = `${m.headers?.get(HEADERS.taskId) ?? '?'}|${m.headers?.get(HEADERS.submittedAt)}`;
        if (!sent.has(key)) published.push(m.headers?.get(HEADERS.taskId) ?? '?');
        sent.add(key);
      },
    });
    const entries = [tick('every-second')];
    const replicas = await Promise.all(
      ['r1', 'r2', 'r3'].map((id) => startReplica(databaseUrl, ns, entries, id)),
    );
    await sleep(10_000);
    await Promise.all(replicas.map(stopReplica));
    await nc.flush();
    sub.unsubscribe();

    const rows = await fires(dbClient, 'every-second');
    expect(rows.length).toBeGreaterThanOrEqual(9);
    const slots = rows.map((r) => toMs(r.slot));
    // Consecutive seconds: no slot was skipped.
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(1000);
    // One publish per slot, each with the slot's deterministic id, and all published.
    expect(published.sort()).toEqual(rows.map((r) => fireTaskId('every-second', toMs(r.slot))).sort());
    expect(rows.every((r) => r.publishedAt !== null)).toBe(true);
    const [ledger] = await dbClient.sql<{ n: number }[]>`
      select count(*)::int as n from task_runs where id = any(${textArray(rows.map((r) => r.taskId))}::text::text[])`;
    expect(ledger?.n).toBe(rows.length);
    expect(rows.every((r) => ['r1', 'r2', 'r3'].includes(r.firedBy))).toBe(true);
  }, 30_000);

  test('after downtime across two slots the most recent missed slot fires once; a skip entry fires none', async ({
    nc,
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('sch');
    await createStream(jsm, ns);
    const entries = [tick('catch-up-tick'), tick('skip-tick', 'skip')];

    const first = await startReplica(databaseUrl, ns, entries, 'before');
    await waitFor(async () => (await fires(dbClient, 'skip-tick')).length >= 2, { timeoutMs: 5_000 });
    await stopReplica(first);
    const lastBefore = Math.max(...(await fires(dbClient, 'catch-up-tick')).map((r) => toMs(r.slot)));

    await sleep(2_600); // at least two slots pass with no replica running
    const second = await startReplica(databaseUrl, ns, entries, 'after');
    const restartedAt = second.scheduler.startedAt;
    await sleep(1_500);
    await stopReplica(second);

    const gap = (rows: Awaited<ReturnType<typeof fires>>) =>
      rows.filter((r) => toMs(r.slot) > lastBefore && toMs(r.slot) < restartedAt);
    const missedSlot = Math.floor((restartedAt - 1) / 1000) * 1000;
    expect(missedSlot - lastBefore).toBeGreaterThanOrEqual(2000);

    const caughtUp = gap(await fires(dbClient, 'catch-up-tick'));
    expect(caughtUp.map((r) => [toMs(r.slot), r.kind, r.firedBy])).toEqual([
      [missedSlot, 'catch-up', 'after'],
    ]);
    const status = await new TaskClient({ nc, db: dbClient, namespace: ns }).status(caughtUp[0]!.taskId);
    expect(status.state).toBe('PENDING');

    expect(gap(await fires(dbClient, 'skip-tick'))).toEqual([]);
    // Both entries go on firing on time after the restart.
    for (const entry of ['catch-up-tick', 'skip-tick']) {
      const after = (await fires(dbClient, entry)).filter((r) => toMs(r.slot) >= restartedAt);
      expect(after.length).toBeGreaterThanOrEqual(1);
      expect(after.every((r) => r.kind === 'on-time')).toBe(true);
    }
  }, 30_000);

  test('a fire claimed by a replica that crashed before publishing is re-published by another', async ({
    jsm,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('sch');
    const stream = await createStream(jsm, ns);
    const entry = { ...tick('hourly'), everySeconds: 3600 };
    const slot = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const taskId = fireTaskId('hourly', slot);
    // What a crash between claim and publish leaves behind.
    await dbClient.sql`
      insert into schedule_fires (entry, slot, task_id, subject, fired_by, fired_at)
      values ('hourly', ${new Date(slot).toISOString()}, ${taskId}, ${SUBJECT}, 'crashed', now() - interval '1 minute')`;

    const r = await startReplica(databaseUrl, ns, [entry], 'survivor', {
      republishAfterMs: 500,
      republishEveryMs: 100,
    });
    try {
      await waitFor(async () => (await fires(dbClient, 'hourly'))[0]?.publishedAt, { timeoutMs: 5_000 });
    } finally {
      await stopReplica(r);
    }
    const msg = await jsm.streams.getMessage(stream, { last_by_subj: `${ns}.${SUBJECT}` });
    expect(msg?.header.get(HEADERS.taskId)).toBe(taskId);
    expect((await fires(dbClient, 'hourly')).length).toBe(1);
  }, 20_000);
});
