/**
 * The producer side under the shipped NATS permissions (infra/nats, contracts' bus-access.ts):
 * a web tier's TaskClient submits what it may, fails at once on what it may not (no PENDING
 * row left behind), and a task planted in the ledger is not published by the beat's sweep
 * when the beat's NATS user may not publish it.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { type SecuredNats, startSecuredNats, test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect, onTestFinished } from 'vitest';
import { LedgerMaintenance } from '../src/client/ledger-maintenance.js';
import { TaskClient } from '../src/client/task-client.js';
import { ensureStreams } from '../src/nats/ensure-streams.js';
import { Topology } from '../src/nats/topology.js';

const WID = '3f0c1a52-8a8e-4c4f-9d37-0f6c6ad7e0a1';
let nats: SecuredNats;

beforeAll(async () => {
  nats = await startSecuredNats();
  const operator = await nats.connectAs('operator');
  await ensureStreams(await jetstreamManager(operator), new Topology());
  await operator.close();
}, 30_000);
afterAll(() => nats?.stop());

async function clientAs(
  identity: 'web' | 'scheduler-svc',
  db: TaskClient['db'],
  extra: Parameters<SecuredNats['connectAs']>[1] = {},
): Promise<TaskClient> {
  const nc = await nats.connectAs(identity, extra);
  const client = new TaskClient({ nc, db, confirmTimeoutMs: 10_000 });
  onTestFinished(async () => {
    await client.close();
    await nc.close();
  });
  return client;
}

describe('a web tier TaskClient on the secured bus', () => {
  test('submits a warehouse task: its PubAck arrives on the web inbox', async ({ dbClient }) => {
    const web = await clientAs('web', dbClient);
    const id = await web.submit('tasks.warehouse.process', { warehouseId: WID });
    expect((await web.status(id)).state).toBe('PENDING');
  });

  test('a task it may not publish fails at once and leaves no row', async ({ dbClient }) => {
    const web = await clientAs('web', dbClient);
    const started = Date.now();
    const taskId = randomUUID();
    await expect(
      web.submit('tasks.migration.restore', { path: '/data/backups/old' }, { taskId }),
    ).rejects.toThrow(/permission denied.*tasks\.migration\.restore/);
    // Not the 10 s confirm timeout: the server's refusal ends the submit.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await web.status(taskId)).state).toBe('NOT_FOUND');
  });

  test('without its inbox prefix the refused PubAck inbox is named at once, not waited out', async ({
    dbClient,
  }) => {
    const web = await clientAs('web', dbClient, { inboxPrefix: '_INBOX' });
    const started = Date.now();
    await expect(web.submit('tasks.warehouse.process', { warehouseId: WID })).rejects.toThrow(
      /cannot receive PubAcks on _INBOX\..*Permissions Violation for Subscription/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('stream provisioning by a service', () => {
  test('creates what is missing, updates its own stream, and reports a shared one it may not change', async () => {
    const operator = await nats.connectAs('operator');
    const svc = await nats.connectAs('warehouse-svc');
    try {
      const ops = await jetstreamManager(operator);
      await ops.streams.update('EVENTS', { description: 'changed by hand' });
      await ops.streams.update('TASKS_WAREHOUSE', { description: 'changed by hand' });
      await ops.streams.delete('DLQ');
      const topology = new Topology();
      const drifted = await ensureStreams(
        await jetstreamManager(svc),
        topology,
        topology.workerStreams('warehouse'),
      );
      expect(drifted).toEqual(['EVENTS']);
      expect((await ops.streams.info('EVENTS')).config.description).toBe('changed by hand');
      expect((await ops.streams.info('TASKS_WAREHOUSE')).config.description).not.toBe('changed by hand');
      expect((await ops.streams.info('DLQ')).config.subjects).toEqual(['dlq.>']);
      await ensureStreams(ops, topology);
    } finally {
      await svc.close();
      await operator.close();
    }
  });
});

describe("the beat's pending sweep", () => {
  test('does not publish a migration task planted in the ledger; the row fails instead', async ({
    dbClient,
  }) => {
    const beat = await clientAs('scheduler-svc', dbClient);
    const planted = randomUUID();
    // What anyone who can write task_runs could leave for the sweep to publish.
    await dbClient.sql`
      insert into task_runs (id, name, queue, state, payload, submitted_at)
      values (${planted}, 'tasks.migration.restore', 'migration', 'PENDING', '{"path":"/data/backups/old"}',
              now() - interval '2 minutes')`;
    const maintenance = new LedgerMaintenance({ client: beat, pendingAfterMs: 60_000, lookbackMs: 600_000 });
    try {
      expect(await maintenance.runOnce()).toMatchObject({ leader: true });
    } finally {
      await maintenance.stop();
    }
    const status = await beat.status(planted);
    expect(status.state).toBe('FAILURE');
    expect(status.error?.message).toMatch(/permission denied/);
    const operator = await nats.connectAs('operator');
    try {
      const info = await (await jetstreamManager(operator)).streams.info('TASKS_MIGRATION');
      expect(info.state.messages).toBe(0);
    } finally {
      await operator.close();
    }
  });
});
