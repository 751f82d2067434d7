import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { HEADERS, type TaskSubject } from '@repowiki/contracts';
import { createDbClient } from '@repowiki/db';
import { TaskClient, Topology } from '@repowiki/runtime';
import { type NatsServerHandle, startNatsServer, test, uniqueName, waitFor } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect, onTestFinished } from 'vitest';
import type { ScheduleEntry } from '../schedule/schedule-entry.schema.js';
import { toMs } from './fire-store.js';
import { Scheduler } from './scheduler.js';

const SUBJECT: TaskSubject = 'tasks.minimap.generate';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler during a nats-server outage', () => {
  test('every slot that came due while NATS was down is published once it is back', async ({
    dbClient,
    databaseUrl,
  }) => {
    const storeDir = mkdtempSync(join(tmpdir(), 'repowiki-beat-'));
    let server: NatsServerHandle = await startNatsServer({ storeDir, bin: '/usr/sbin/nats-server' });
    const port = server.port;
    onTestFinished(async () => {
      await server.stop();
      rmSync(storeDir, { recursive: true, force: true });
    });
    const nc = await connect({
      servers: server.url,
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    onTestFinished(() => nc.close());
    const ns = uniqueName('beat');
    const topology = new Topology(ns);
    const jsm = await jetstreamManager(nc);
    const stream = topology.taskStream('minimap');
    await jsm.streams.add({ name: stream, subjects: [topology.subject('tasks.minimap.>')] });

    const db = createDbClient(databaseUrl, { max: 2 });
    onTestFinished(() => db.close());
    const entry: ScheduleEntry = {
      name: 'every-second',
      subject: SUBJECT,
      payload: {},
      everySeconds: 1,
      timezone: 'UTC',
      missed: 'catch-up',
    };
    const scheduler = new Scheduler({
      entries: [entry],
      // Production timeouts: a PubAck wait of 5 s outlasts the outage below only by luck.
      submitter: new TaskClient({ nc, db, namespace: ns }),
      db,
      logger: pino({ level: 'silent' }),
      replicaId: 'r1',
    });
    await scheduler.start();
    onTestFinished(() => scheduler.stop());
    await sleep(1_500);
    await server.stop();
    await sleep(6_000); // six slots come due while the server is down
    server = await startNatsServer({ storeDir, port, bin: '/usr/sbin/nats-server' });
    await sleep(3_000);
    await scheduler.stop();

    const fires = await dbClient.sql<{ slot: Date; taskId: string; publishedAt: Date | null }[]>`
      select slot, task_id as "taskId", published_at as "publishedAt"
      from schedule_fires where entry = 'every-second' order by slot`;
    expect(fires.length).toBeGreaterThanOrEqual(9);
    // Consecutive seconds: no slot was skipped.
    for (let i = 1; i < fires.length; i++) expect(toMs(fires[i]!.slot) - toMs(fires[i - 1]!.slot)).toBe(1000);
    // Every fire reaches the stream (within a few seconds of NATS coming back), once.
    const stored = await waitFor(
      async () => {
        const { state } = await jsm.streams.info(stream);
        return state.messages >= fires.length ? state : undefined;
      },
      { timeoutMs: 8_000, intervalMs: 200 },
    );
    const ids: string[] = [];
    for (let seq = stored.first_seq; seq <= stored.last_seq; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (m) ids.push(m.header.get(HEADERS.taskId));
    }
    expect(ids.sort()).toEqual(fires.map((f) => f.taskId).sort());
  }, 40_000);
});
