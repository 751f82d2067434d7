import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { cleanupFailed } from './cleanup-failed.handler.js';
import { processWarehouse } from './process.handler.js';
import { resetWarehouse } from './reset.handler.js';
import { scheduleProcessing } from './schedule-processing.handler.js';
import { scheduleUpdates } from './schedule-updates.handler.js';

const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
  updateIntervalDays: 7,
});
afterAll(() => rmSync(reposDir, { recursive: true, force: true }));

describe('scheduling handlers', () => {
  test('schedule-processing submits at most 5, PROCESSING first, never one already in flight', async ({
    dbClient,
  }) => {
    await dbClient.sql`delete from warehouses`;
    await dbClient.sql`delete from task_runs`;
    // Ages are explicit: the expected order never depends on how far apart the inserts'
    // now() values happen to be. PROCESSING rows are the NEWEST, so only the status can
    // put them first.
    const processing = [];
    for (let i = 0; i < 3; i++)
      processing.push(
        await insertWarehouse(dbClient, { address: `https://example.test/p${i}.git`, status: 'processing' }),
      );
    const pending = [];
    for (let i = 0; i < 4; i++)
      pending.push(
        await insertWarehouse(dbClient, { address: `https://example.test/q${i}.git`, status: 'pending' }),
      );
    const done = await insertWarehouse(dbClient, {
      address: 'https://example.test/done.git',
      status: 'completed',
    });
    const ageMinutes = new Map([
      ...processing.map((id, i) => [id, 10 - i] as const),
      ...pending.map((id, i) => [id, 100 - i] as const),
      [done, 1000],
    ]);
    for (const [id, minutes] of ageMinutes) {
      await dbClient.sql`update warehouses set updated_at = now() - make_interval(mins => ${minutes}) where id = ${id}`;
    }
    // The oldest PROCESSING warehouse already has a live process task in the ledger.
    await dbClient.sql`insert into task_runs (id, name, queue, state, payload) values
      ('inflight-1', 'tasks.warehouse.process', 'warehouse', 'STARTED', ${JSON.stringify({ warehouseId: processing[0] })}::jsonb)`;

    const ctx = createTestContext(dbClient, 'tasks.warehouse.schedule-processing');
    const result = await scheduleProcessing({}, ctx);
    const ids = result.submitted.map((s) => s.warehouseId);
    expect(ids).toEqual([processing[1], processing[2], pending[0], pending[1], pending[2]]);
    expect(ctx.recorded.submitted.every((s) => s.subject === 'tasks.warehouse.process')).toBe(true);
    expect(result.submitted.map((s) => s.taskId)).toEqual(ctx.recorded.submitted.map((s) => s.taskId));
  });

  test('schedule-processing runs at the same time never submit one warehouse twice', async ({ dbClient }) => {
    await dbClient.sql`delete from warehouses`;
    await dbClient.sql`delete from task_runs`;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push(
        await insertWarehouse(dbClient, { address: `https://example.test/c${i}.git`, status: 'pending' }),
      );
    // Each run's first submit waits (up to 300 ms) for the other run to reach its first
    // submit too, so both have read their candidates: without serialisation they would
    // pick the same warehouses every time, not only when the timing is unlucky.
    let arrived = 0;
    let release = () => {};
    const bothArrived = new Promise<void>((r) => (release = r));
    // Like TaskClient.submit: the ledger PENDING row is committed before submit returns.
    const ledgerBacked = () => {
      const ctx = createTestContext(dbClient, 'tasks.warehouse.schedule-processing');
      const record = ctx.tasks.submit.bind(ctx.tasks);
      let first = true;
      ctx.tasks.submit = async (subject, payload, options) => {
        if (first) {
          first = false;
          if (++arrived === 2) release();
          await Promise.race([bothArrived, new Promise((r) => setTimeout(r, 300))]);
        }
        const taskId = `${ctx.task.id}-${crypto.randomUUID()}`;
        await dbClient.sql`insert into task_runs (id, name, queue, state, payload) values
          (${taskId}, ${subject}, 'warehouse', 'PENDING', ${JSON.stringify(payload)}::jsonb)`;
        return record(subject, payload, { ...options, taskId });
      };
      return ctx;
    };
    const runs = await Promise.all([
      scheduleProcessing({}, ledgerBacked()),
      scheduleProcessing({}, ledgerBacked()),
    ]);
    const all = runs.flatMap((r) => r.submitted.map((s) => s.warehouseId));
    expect(all).toHaveLength(8);
    expect(new Set(all)).toEqual(new Set(ids));
  });

  test('schedule-updates honours UPDATE_INTERVAL and submits at most 3, oldest first', async ({
    dbClient,
  }) => {
    await dbClient.sql`delete from warehouses`;
    const ages = [30, 20, 10, 8, 2];
    const ids: string[] = [];
    for (const days of ages) {
      const id = await insertWarehouse(dbClient, {
        address: `https://example.test/u${days}.git`,
        status: 'completed',
      });
      await dbClient.sql`insert into documents (warehouse_id, git_path, last_update) values (${id}, '/x', now() - make_interval(days => ${days}))`;
      ids.push(id);
    }
    const ctx = createTestContext(dbClient, 'tasks.warehouse.schedule-updates');
    const result = await scheduleUpdates({}, ctx, config);
    expect(result.submitted.map((s) => s.warehouseId)).toEqual(ids.slice(0, 3));
    expect(ctx.recorded.submitted.every((s) => s.subject === 'tasks.warehouse.update')).toBe(true);

    const longer = await scheduleUpdates(
      {},
      createTestContext(dbClient, 'tasks.warehouse.schedule-updates'),
      { ...config, updateIntervalDays: 25 },
    );
    expect(longer.submitted.map((s) => s.warehouseId)).toEqual([ids[0]]);
  });

  test('cleanup-failed soft-deletes FAILED warehouses untouched for 24 h and removes their clones', async ({
    dbClient,
  }) => {
    const old = await insertWarehouse(dbClient, {
      address: 'https://example.test/old.git',
      status: 'failed',
    });
    const fresh = await insertWarehouse(dbClient, {
      address: 'https://example.test/fresh.git',
      status: 'failed',
    });
    const completed = await insertWarehouse(dbClient, {
      address: 'https://example.test/ok.git',
      status: 'completed',
    });
    await dbClient.sql`update warehouses set updated_at = now() - interval '25 hours' where id in (${old}, ${completed})`;
    for (const id of [old, fresh]) {
      mkdirSync(join(reposDir, id), { recursive: true });
      writeFileSync(join(reposDir, id, 'f'), 'x');
    }
    const result = await cleanupFailed(
      {},
      createTestContext(dbClient, 'tasks.warehouse.cleanup-failed'),
      config,
    );
    expect(result.deleted).toBe(1);
    const rows =
      await dbClient.sql`select id, is_deleted from warehouses where id in (${old}, ${fresh}, ${completed})`;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.is_deleted]))).toEqual({
      [old]: true,
      [fresh]: false,
      [completed]: false,
    });
    expect(existsSync(join(reposDir, old))).toBe(false);
    expect(existsSync(join(reposDir, fresh))).toBe(true);
  });

  test('reset puts a failed warehouse back to PENDING and the submitted process completes it', async ({
    dbClient,
  }) => {
    const repo = new GitFixture();
    try {
      repo.write('src/a.ts', 'export const a = 1;\n');
      repo.commit('one');
      const id = await insertWarehouse(dbClient, { address: repo.dir, status: 'failed' });
      await dbClient.sql`update warehouses set error = 'earlier failure' where id = ${id}`;
      const ctx = createTestContext(dbClient, 'tasks.warehouse.reset');
      const result = await resetWarehouse({ warehouseId: id }, ctx);
      const [pendingRow] = await dbClient.sql`select status, error from warehouses where id = ${id}`;
      expect(pendingRow).toMatchObject({ status: 'pending', error: null });
      const submitted = ctx.recorded.submitted[0];
      expect(submitted).toMatchObject({
        subject: 'tasks.warehouse.process',
        payload: { warehouseId: id },
        taskId: result.taskId,
      });
      await processWarehouse(
        submitted?.payload as { warehouseId: string },
        createTestContext(dbClient, 'tasks.warehouse.process'),
        config,
      );
      const [done] = await dbClient.sql`select status from warehouses where id = ${id}`;
      expect(done?.status).toBe('completed');
    } finally {
      repo.cleanup();
    }
  });
});
