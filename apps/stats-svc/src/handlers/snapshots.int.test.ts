import { randomUUID } from 'node:crypto';
import { NonRetriableError } from '@repowiki/runtime';
import { createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { insertAccess, insertDocument, insertUser, insertWarehouse } from '../testing/seed.js';
import { systemSnapshot } from './system.handler.js';
import { warehouseSnapshot } from './warehouse.handler.js';

const today = () => new Date().toISOString().slice(0, 10);

describe('statistics snapshots', () => {
  test('system: counts and views, one row per day however often it runs', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`truncate access_records, users, warehouses cascade`;
    await insertUser(sql);
    await sql`update users set is_deleted = true where id = ${await insertUser(sql)}`;
    const w = await insertWarehouse(sql, { status: 'completed' });
    await insertWarehouse(sql, { status: 'failed' });
    await insertDocument(sql, w);
    await insertAccess(sql, { resourceId: 'acme/a' });
    await insertAccess(sql, { resourceId: 'acme/a' });
    await insertAccess(sql, {
      resourceId: 'acme/b',
      occurredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    });
    await insertAccess(sql, { occurredAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });

    const ctx = createTestContext(dbClient, 'tasks.statistics.system');
    const first = await systemSnapshot({}, ctx);
    expect(first).toMatchObject({
      date: today(),
      counts: {
        users: 1,
        warehouses: 2,
        completedWarehouses: 1,
        failedWarehouses: 1,
        documents: 1,
        accessRecords: 4,
      },
      views: { week: 2, month: 3 },
      topResources: [
        { resourceType: 'repository', resourceId: 'acme/a', views: 2 },
        { resourceType: 'repository', resourceId: 'acme/b', views: 1 },
      ],
    });

    await insertUser(sql);
    const second = await systemSnapshot({}, ctx);
    expect(second.counts.users).toBe(2);
    const rows = await sql<{ data: { counts: { users: number } } }[]>`
      select data from statistics_snapshots where kind = 'system' and subject_id = '' and date = ${today()}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data.counts.users).toBe(2);
  });

  test("warehouse: only that warehouse's pages and views", async ({ dbClient }) => {
    const { sql } = dbClient;
    const name = `my_repo_${randomUUID().slice(0, 6)}`;
    const w = await insertWarehouse(sql, { org: 'acme', name, status: 'completed' });
    const doc = await insertDocument(sql, w);
    const [page] = await sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, name, url, is_completed)
      values (${w}, ${doc}, 'Intro', 'intro', true) returning id`;
    await sql`insert into document_catalogs (warehouse_id, document_id, name, url) values (${w}, ${doc}, 'Todo', 'todo')`;
    const [file] = await sql<{ id: string }[]>`
      insert into document_file_items (document_catalog_id, title) values (${page!.id}, 'Intro') returning id`;
    await sql`insert into document_file_item_sources (document_file_item_id, address, name)
              values (${file!.id}, 'src/a.ts', 'a.ts'), (${file!.id}, 'src/b.ts', 'b.ts')`;

    await insertAccess(sql, { resourceId: `acme/${name}` });
    await insertAccess(sql, { resourceType: 'document', resourceId: `acme/${name}/intro` });
    await insertAccess(sql, { resourceType: 'document', resourceId: `acme/${name}/intro` });
    await insertAccess(sql, { resourceId: `acme/${name}x` }); // another repository
    await insertAccess(sql, { resourceId: `acme/${name.replace('_', 'X')}/intro` }); // `_` is no wildcard

    const ctx = createTestContext(dbClient, 'tasks.statistics.warehouse');
    const snapshot = await warehouseSnapshot({ warehouseId: w }, ctx);
    expect(snapshot).toEqual({
      date: today(),
      counts: { pages: 2, completedPages: 1, files: 1, sourceFiles: 2, commits: 0 },
      views: { today: 3, week: 3, month: 3 },
      topResources: [
        { resourceType: 'document', resourceId: `acme/${name}/intro`, views: 2 },
        { resourceType: 'repository', resourceId: `acme/${name}`, views: 1 },
      ],
    });
    await warehouseSnapshot({ warehouseId: w }, ctx);
    const rows = await sql`select 1 from statistics_snapshots where kind = 'warehouse' and subject_id = ${w}`;
    expect(rows).toHaveLength(1);
  });

  test('warehouse: an unknown warehouse fails without retries', async ({ dbClient }) => {
    const ctx = createTestContext(dbClient, 'tasks.statistics.warehouse');
    await expect(warehouseSnapshot({ warehouseId: randomUUID() }, ctx)).rejects.toBeInstanceOf(
      NonRetriableError,
    );
  });
});
