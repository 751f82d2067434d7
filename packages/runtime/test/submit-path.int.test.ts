import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { HEADERS } from '@repowiki/contracts';
import { type NatsServerHandle, startNatsServer, test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, onTestFinished } from 'vitest';
import { TaskClient } from '../src/client/task-client.js';
import { Topology } from '../src/nats/topology.js';
import { testCatalog } from './test-catalog.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SUBJECT = 'tasks.warehouse.echo';

/** A private nats-server on its own port and store that a test may stop and start again. */
async function ownServer() {
  const storeDir = mkdtempSync(join(tmpdir(), 'repowiki-submit-'));
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
  return {
    nc,
    async restartAfter(downMs: number) {
      await server.stop();
      await sleep(downMs);
      server = await startNatsServer({ storeDir, port, bin: '/usr/sbin/nats-server' });
    },
  };
}

/** Task ids of the messages stored in the namespace's warehouse stream, duplicates included. */
async function storedIds(nc: Awaited<ReturnType<typeof ownServer>>['nc'], ns: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const stream = new Topology(ns).taskStream('warehouse');
  const { state } = await jsm.streams.info(stream);
  const ids: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m) ids.push(m.header.get(HEADERS.msgId));
  }
  return ids;
}

describe('submit path', () => {
  test('a PENDING row is committed with synchronous_commit on (fsynced before the publish)', async ({
    nc,
    dbClient,
  }) => {
    // Records the commit mode of the session that inserts each PENDING row.
    await dbClient.sql.unsafe(`
      create table if not exists pending_commit_mode (id text, mode text);
      create or replace function record_commit_mode() returns trigger language plpgsql as $$
      begin insert into pending_commit_mode values (new.id, current_setting('synchronous_commit')); return new; end $$;
      drop trigger if exists record_commit_mode on task_runs;
      create trigger record_commit_mode after insert on task_runs for each row
        when (new.state = 'PENDING') execute function record_commit_mode();`);
    const client = new TaskClient({ nc, db: dbClient, namespace: uniqueName('sp'), catalog: testCatalog });
    onTestFinished(() => client.close());
    const id = await client.submitAny(SUBJECT, { value: '00000000-0000-4000-8000-000000000001' });
    const [row] = await dbClient.sql<
      { mode: string }[]
    >`select mode from pending_commit_mode where id = ${id}`;
    expect(row?.mode).toBe('on');
  });

  test('a publish that outlives its PubAck timeout keeps the task: never NOT_FOUND for a stored message', async ({
    dbClient,
  }) => {
    const nats = await ownServer();
    const ns = uniqueName('sp');
    const client = new TaskClient({ nc: nats.nc, db: dbClient, namespace: ns, catalog: testCatalog });
    onTestFinished(() => client.close(1_000));
    // Streams first, so the outage is the only thing between the submit and its PubAck.
    await client.submitAny(SUBJECT, { value: '00000000-0000-4000-8000-000000000002' });
    // Down for longer than one PubAck wait (5 s): the first send cannot be confirmed.
    const outage = nats.restartAfter(5_500);
    await sleep(100);
    const outcome = await client.submitAny(SUBJECT, { value: '00000000-0000-4000-8000-000000000003' }).then(
      (id) => ({ id, error: undefined }),
      (error: unknown) => ({ id: (error as { taskId?: string }).taskId, error }),
    );
    await outage;
    // Whatever submit() said, a message that reached the stream has a ledger row.
    const ids = await waitFor(
      async () => {
        const stored = await storedIds(nats.nc, ns);
        return stored.length >= 2 ? stored : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(new Set(ids).size).toBe(ids.length); // no duplicate in the stream
    for (const id of ids) expect((await client.status(id)).state).toBe('PENDING');
    expect(outcome.error).toBeUndefined();
    expect(ids).toContain(outcome.id);
  }, 30_000);

  test('buffered submits during a 3 s nats-server restart: every task stored once, none lost', async ({
    dbClient,
  }) => {
    const nats = await ownServer();
    const ns = uniqueName('sp');
    const client = new TaskClient({ nc: nats.nc, db: dbClient, namespace: ns, catalog: testCatalog });
    onTestFinished(() => client.close(1_000));
    await client.submitAny(SUBJECT, { value: '00000000-0000-4000-8000-000000000004' });
    const submitted: string[] = [];
    const outage = (async () => {
      await sleep(300);
      await nats.restartAfter(3_000);
    })();
    // ~4 s of submissions, 1,000 in all.
    for (let i = 0; i < 1_000; i++) {
      submitted.push(await client.submitAny(SUBJECT, { value: `v${i}` }, { buffered: true }));
      if (i % 25 === 0) await sleep(100);
    }
    await outage;
    const ids = await waitFor(
      async () => {
        const stored = await storedIds(nats.nc, ns);
        return stored.length >= 1_001 ? stored : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(ids).toHaveLength(1_001);
    expect(new Set(ids).size).toBe(1_001);
    expect(new Set(ids).has(submitted[999]!)).toBe(true);
    expect(submitted.every((id) => ids.includes(id))).toBe(true);
    expect(client.droppedPublishes).toBe(0);
  }, 40_000);

  test('a message the stream refuses for good leaves no row behind (the task can never run)', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const ns = uniqueName('sp');
    const topology = new Topology(ns);
    // A stream that takes nothing larger than 64 bytes: the server refuses the publish.
    await jsm.streams.add({
      name: topology.taskStream('warehouse'),
      subjects: [topology.subject('tasks.warehouse.>')],
      max_msg_size: 64,
    });
    const client = new TaskClient({ nc, db: dbClient, namespace: ns, catalog: testCatalog });
    onTestFinished(() => client.close());
    const big = { value: 'x'.repeat(200) };
    const id = 'refused-1';
    await expect(client.submitAny(SUBJECT, big, { taskId: id })).rejects.toThrow(/size|exceed/i);
    expect((await client.status(id)).state).toBe('NOT_FOUND');
    // Buffered: the same, once the server has answered.
    await client.submitAny(SUBJECT, big, { taskId: 'refused-2', buffered: true });
    await waitFor(async () => (await client.status('refused-2')).state === 'NOT_FOUND', { timeoutMs: 5_000 });
  });
});
