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
const config = createWarehouseConfig({ repositoriesDir: reposDir, allowLocalRepos: true, localRoots: [tmpdir()], updateIntervalDays: 7 });
afterAll(() => rmSync(reposDir, { recursive: true, force: true }));

describe('scheduling handlers', () => {
  test('schedule-processing submits at most 5, PROCESSING first, never one already in flight', async ({ dbClient }) => {
    await dbClient.sql`delete from warehouses`;
    const processing = [];
    for (let i = 0; i < 3; i++) processing.push(await insertWarehouse(dbClient, { address: `https://example.test/p${i}.git`, status: 'processing' }));
    const pending = [];
    for (let i = 0; i < 4; i++) pending.push(await insertWarehouse(dbClient, { address: `https://example.test/q${i}.git`, status: 'pending' }));
    await insertWarehouse(dbClient, { address: 'https://example.test/done.git', status: 'completed' });
    // The first PROCESSING warehouse already has a live process task in the ledger.
    await dbClient.sql`insert into task_runs (id, name, queue, state, payload) values
      ('inflight-1', 'tasks.warehouse.process', 'warehouse', 'STARTED', ${JSON.stringify({ warehouseId: processing[0] })}::jsonb)`;

    const ctx = createTestContext(dbClient, 'tasks.warehouse.schedule-processing');
    const result = await scheduleProcessing({}, ctx);
    const ids = result.submitted.map((s) => s.warehouseId);
    expect(ids).toHaveLength(5);
    expect(ids.slice(0, 2).sort()).toEqual([processing[1], processing[2]].sort());
    expect(ids).not.toContain(processing[0]);
    expect(new Set(ids).size).toBe(5);
    expect(ctx.recorded.submitted.every((s) => s.subject === 'tasks.warehouse.process')).toBe(true);
    expect(result.submitted.map((s) => s.taskId)).toEqual(ctx.recorded.submitted.map((s) => s.taskId));
  });

  test('schedule-updates honours UPDATE_INTERVAL and submits at most 3, oldest first', async ({ dbClient }) => {
    await dbClient.sql`delete from warehouses`;
    const ages = [30, 20, 10, 8, 2];
    const ids: string[] = [];
    for (const days of ages) {
      const id = await insertWarehouse(dbClient, { address: `https://example.test/u${days}.git`, status: 'completed' });
      await dbClient.sql`insert into documents (warehouse_id, git_path, last_update) values (${id}, '/x', now() - make_interval(days => ${days}))`;
      ids.push(id);
    }
    const ctx = createTestContext(dbClient, 'tasks.warehouse.schedule-updates');
    const result = await scheduleUpdates({}, ctx, config);
    expect(result.submitted.map((s) => s.warehouseId)).toEqual(ids.slice(0, 3));
    expect(ctx.recorded.submitted.every((s) => s.subject === 'tasks.warehouse.update')).toBe(true);

    const longer = await scheduleUpdates({}, createTestContext(dbClient, 'tasks.warehouse.schedule-updates'), { ...config, updateIntervalDays: 25 });
    expect(longer.submitted.map((s) => s.warehouseId)).toEqual([ids[0]]);
  });

  test('cleanup-failed soft-deletes FAILED warehouses untouched for 24 h and removes their clones', async ({ dbClient }) => {
    const old = await insertWarehouse(dbClient, { address: 'https://example.test/old.git', status: 'failed' });
    const fresh = await insertWarehouse(dbClient, { address: 'https://example.test/fresh.git', status: 'failed' });
    const completed = await insertWarehouse(dbClient, { address: 'https://example.test/ok.git', status: 'completed' });
    await dbClient.sql`update warehouses set updated_at = now() - interval '25 hours' where id in (${old}, ${completed})`;
    for (const id of [old, fresh]) {
      mkdirSync(join(reposDir, id), { recursive: true });
      writeFileSync(join(reposDir, id, 'f'), 'x');
    }
    const result = await cleanupFailed({}, createTestContext(dbClient, 'tasks.warehouse.cleanup-failed'), config);
    expect(result.deleted).toBe(1);
    const rows = await dbClient.sql`select id, is_deleted from warehouses where id in (${old}, ${fresh}, ${completed})`;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.is_deleted]))).toEqual({ [old]: true, [fresh]: false, [completed]: false });
    expect(existsSync(join(reposDir, old))).toBe(false);
    expect(existsSync(join(reposDir, fresh))).toBe(true);
  });

  test('reset puts a failed warehouse back to PENDING and the submitted process completes it', async ({ dbClient }) => {
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
      expect(submitted).toMatchObject({ subject: 'tasks.warehouse.process', payload: { warehouseId: id }, taskId: result.taskId });
      await processWarehouse(submitted?.payload as { warehouseId: string }, createTestContext(dbClient, 'tasks.warehouse.process'), config);
      const [done] = await dbClient.sql`select status from warehouses where id = ${id}`;
      expect(done?.status).toBe('completed');
    } finally {
      repo.cleanup();
    }
  });
});
