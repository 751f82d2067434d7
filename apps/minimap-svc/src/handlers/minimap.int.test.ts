import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import { createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { insertDocument, insertOutline, insertPage, insertWarehouse } from '../testing/seed.js';
import { cleanupMinimaps } from './cleanup.handler.js';
import { generateMinimaps } from './generate.handler.js';
import { onWarehouseCompleted } from './on-warehouse-completed.handler.js';
import { regenerateMinimap } from './regenerate.handler.js';
import { validateMinimap } from './validate.handler.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('minimap tasks', () => {
  test('regenerate draws the stored code outline as concepts, and validate accepts it', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    const w = await insertWarehouse(sql, { name: 'wiki' });
    const doc = await insertDocument(sql, w);
    // Pages of the wiki are not what the map copies.
    await insertPage(sql, { warehouseId: w, documentId: doc, name: 'Overview', sources: ['README.md'] });
    await insertOutline(sql, w, {
      commit: SHA,
      modules: [
        {
          key: 'src/runtime',
          name: '@acme/runtime',
          kind: 'TypeScript module',
          anchor: 'src/runtime/index.ts',
          symbols: [
            {
              name: 'Worker',
              kind: 'class',
              path: 'src/runtime/worker.ts',
              line: 2,
              endLine: 30,
              members: [
                { name: 'start', kind: 'method', path: 'src/runtime/worker.ts', line: 5, endLine: 9 },
              ],
            },
          ],
        },
      ],
    });

    const result = await regenerateMinimap(
      { warehouseId: w },
      createTestContext(dbClient, 'tasks.minimap.regenerate'),
    );
    expect(result).toEqual({ warehouseId: w, nodes: 4 });
    const [row] = await sql<{ value: unknown }[]>`select value from minimaps where warehouse_id = ${w}`;
    // The seeded address is an https URL of an unknown host: repository-relative links.
    expect(row?.value).toEqual({
      title: 'acme/wiki',
      url: '',
      nodes: [
        {
          title: '@acme/runtime',
          url: 'src/runtime',
          nodes: [
            {
              title: 'Worker',
              url: 'src/runtime/worker.ts#L2-L30',
              nodes: [{ title: 'start()', url: 'src/runtime/worker.ts#L5-L9', nodes: [] }],
            },
          ],
        },
      ],
    });
    await sql`update warehouses set address = 'https://github.com/acme/wiki.git' where id = ${w}`;
    await regenerateMinimap({ warehouseId: w }, createTestContext(dbClient, 'tasks.minimap.regenerate'));
    const [web] = await sql<
      { value: { nodes: { nodes: { url: string }[] }[] } }[]
    >`select value from minimaps where warehouse_id = ${w}`;
    expect(web?.value.nodes[0]?.nodes[0]?.url).toBe(
      `https://github.com/acme/wiki/blob/${SHA}/src/runtime/worker.ts#L2-L30`,
    );
    // Sources known to the wiki back the link check (no clone here): a GitHub link at the
    // outline's commit resolves.
    await insertPage(sql, {
      warehouseId: w,
      documentId: doc,
      name: 'API',
      sources: ['src/runtime/index.ts', 'src/runtime/worker.ts'],
    });
    const check = await validateMinimap(
      { warehouseId: w },
      createTestContext(dbClient, 'tasks.minimap.validate'),
    );
    expect(check).toEqual({ valid: true, nodes: 4, depth: 4, problems: [] });

    // A rebuild replaces the map rather than adding one.
    await regenerateMinimap({ warehouseId: w }, createTestContext(dbClient, 'tasks.minimap.regenerate'));
    expect(await sql`select 1 from minimaps where warehouse_id = ${w}`).toHaveLength(1);
  });

  test('an outline that does not parse is not drawn: the file tree is', async ({ dbClient }) => {
    const w = await insertWarehouse(dbClient.sql, { name: 'broken' });
    await insertDocument(dbClient.sql, w);
    await insertOutline(dbClient.sql, w, { commit: SHA, modules: [{ key: 'x' }] });
    const ctx = createTestContext(dbClient, 'tasks.minimap.regenerate');
    expect(await regenerateMinimap({ warehouseId: w }, ctx)).toEqual({ warehouseId: w, nodes: 1 });
  });

  test('draws the clone when there is no outline, without following symlinks out of it', async ({
    dbClient,
  }) => {
    const clone = mkdtempSync(join(tmpdir(), 'minimap-clone-'));
    const outside = mkdtempSync(join(tmpdir(), 'minimap-outside-'));
    dirs.push(clone, outside);
    mkdirSync(join(clone, 'src'));
    mkdirSync(join(clone, '.git'));
    writeFileSync(join(clone, 'src', 'main.go'), 'package main');
    writeFileSync(join(clone, '.git', 'HEAD'), 'ref');
    writeFileSync(join(outside, 'secret.txt'), 'x');
    symlinkSync(outside, join(clone, 'escape'));

    const w = await insertWarehouse(dbClient.sql, { name: 'tool' });
    await insertDocument(dbClient.sql, w, clone);
    await regenerateMinimap({ warehouseId: w }, createTestContext(dbClient, 'tasks.minimap.regenerate'));
    const [row] = await dbClient.sql<
      { value: { nodes: unknown } }[]
    >`select value from minimaps where warehouse_id = ${w}`;
    expect(row?.value.nodes).toEqual([
      { title: 'src', url: 'src', nodes: [{ title: 'main.go', url: 'src/main.go', nodes: [] }] },
    ]);

    const broken = { title: 'acme/tool', url: '', nodes: [{ title: 'x', url: 'src/gone.go', nodes: [] }] };
    // The clone also backs link checks: a link to a file that is not there is reported.
    await dbClient.sql`update minimaps set value = ${JSON.stringify(broken)}::text::jsonb where warehouse_id = ${w}`;
    const check = await validateMinimap(
      { warehouseId: w },
      createTestContext(dbClient, 'tasks.minimap.validate'),
    );
    expect(check.valid).toBe(false);
    expect(check.problems).toEqual([
      'acme/tool › x: "src/gone.go" is not a file or directory of the repository',
    ]);
  });

  test('validate reports a missing map and refuses an unknown warehouse', async ({ dbClient }) => {
    const w = await insertWarehouse(dbClient.sql);
    const ctx = createTestContext(dbClient, 'tasks.minimap.validate');
    expect(await validateMinimap({ warehouseId: w }, ctx)).toEqual({
      valid: false,
      nodes: 0,
      depth: 0,
      problems: ['no mind map is stored for this warehouse'],
    });
    await expect(validateMinimap({ warehouseId: randomUUID() }, ctx)).rejects.toBeInstanceOf(
      NonRetriableError,
    );
    await expect(
      regenerateMinimap(
        { warehouseId: randomUUID() },
        createTestContext(dbClient, 'tasks.minimap.regenerate'),
      ),
    ).rejects.toBeInstanceOf(NonRetriableError);
  });

  test('generate maps the 3 oldest COMPLETED warehouses without a map, then the next ones', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    await sql`truncate warehouses cascade`;
    const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`;
    const completed = [];
    for (const day of [5, 1, 3, 4])
      completed.push({ day, id: await insertWarehouse(sql, { createdAt: at(day) }) });
    await insertWarehouse(sql, { createdAt: at(2), status: 'processing' });
    await insertWarehouse(sql, { createdAt: at(2), isDeleted: true });
    const mapped = await insertWarehouse(sql, { createdAt: at(1) });
    await regenerateMinimap({ warehouseId: mapped }, createTestContext(dbClient, 'tasks.minimap.regenerate'));

    const ctx = createTestContext(dbClient, 'tasks.minimap.generate');
    const byAge = completed.sort((a, b) => a.day - b.day).map((c) => c.id);
    expect(await generateMinimaps({}, ctx)).toEqual({ generated: byAge.slice(0, 3) });
    expect(await generateMinimaps({}, ctx)).toEqual({ generated: byAge.slice(3) });
    expect(await generateMinimaps({}, ctx)).toEqual({ generated: [] });
  });

  test('cleanup deletes maps of deleted warehouses and maps older than daysToKeep', async ({ dbClient }) => {
    const { sql } = dbClient;
    await sql`truncate warehouses cascade`;
    const ctx = createTestContext(dbClient, 'tasks.minimap.regenerate');
    const [fresh, stale, deleted] = [
      await insertWarehouse(sql),
      await insertWarehouse(sql),
      await insertWarehouse(sql),
    ];
    for (const id of [fresh, stale, deleted]) await regenerateMinimap({ warehouseId: id }, ctx);
    await sql`update minimaps set updated_at = now() - interval '31 days' where warehouse_id = ${stale}`;
    await sql`update warehouses set is_deleted = true where id = ${deleted}`;

    const result = await cleanupMinimaps(
      { daysToKeep: 30 },
      createTestContext(dbClient, 'tasks.minimap.cleanup'),
    );
    expect(result).toEqual({ deleted: 2 });
    const left = await sql<{ warehouse_id: string }[]>`select warehouse_id from minimaps`;
    expect(left.map((r) => r.warehouse_id)).toEqual([fresh]);
  });

  test('a completed warehouse event submits one rebuild per version', async ({ dbClient }) => {
    const ctx = createTestContext(dbClient, 'tasks.minimap.generate');
    const warehouseId = randomUUID();
    const event = { warehouseId, version: 'abc123', completedAt: new Date().toISOString() };
    await onWarehouseCompleted(event, ctx);
    await onWarehouseCompleted(event, ctx); // redelivered: same task id, deduplicated downstream
    expect(ctx.submitted).toEqual([
      {
        subject: 'tasks.minimap.regenerate',
        payload: { warehouseId },
        options: { taskId: `minimap-regenerate-${warehouseId}-abc123` },
        taskId: `minimap-regenerate-${warehouseId}-abc123`,
      },
      {
        subject: 'tasks.minimap.regenerate',
        payload: { warehouseId },
        options: { taskId: `minimap-regenerate-${warehouseId}-abc123` },
        taskId: `minimap-regenerate-${warehouseId}-abc123`,
      },
    ]);
  });
});
