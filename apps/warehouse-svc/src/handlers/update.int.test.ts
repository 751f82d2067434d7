import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, readWiki } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';
import { updateWarehouse } from './update.handler.js';

describe('update', () => {
  test('regenerates only affected pages, adds and removes module pages, records commits and version', async ({
    dbClient,
  }) => {
    const repo = new GitFixture();
    const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
    const config = createWarehouseConfig({
      repositoriesDir: reposDir,
      allowLocalRepos: true,
      localRoots: [tmpdir()],
    });
    try {
      repo
        .write('README.md', '# Demo\n\nDemo repo.\n')
        .write('alpha/a.py', 'def alpha():\n    pass\n')
        .write('beta/b.go', 'package beta\n\nfunc Beta() {}\n')
        .write('gamma/g.rs', 'pub fn gamma() {}\n');
      repo.commit('initial');
      const id = await insertWarehouse(dbClient, { address: repo.dir, name: 'demo' });
      await processWarehouse(
        { warehouseId: id },
        createTestContext(dbClient, 'tasks.warehouse.process'),
        config,
      );
      const before = new Map((await readWiki(dbClient, id)).map((p) => [p.url, p]));
      // The map is minimap-svc's alone (issue 13, item 6): an update never writes or touches it.
      const map = {
        title: 'demo',
        url: '',
        nodes: [{ title: 'drawn by minimap-svc', url: 'alpha', nodes: [] }],
      };
      await dbClient.sql`insert into minimaps (warehouse_id, value, updated_at)
        values (${id}, ${JSON.stringify(map)}::jsonb, '2026-01-01T00:00:00Z')`;

      const unchanged = await updateWarehouse(
        { warehouseId: id },
        createTestContext(dbClient, 'tasks.warehouse.update'),
        config,
      );
      expect(unchanged).toMatchObject({
        changed: false,
        commits: 0,
        pagesRegenerated: 0,
        pagesAdded: 0,
        pagesRemoved: 0,
      });
      expect(new Map((await readWiki(dbClient, id)).map((p) => [p.url, p]))).toEqual(before);

      repo
        .write('alpha/a.py', 'def alpha():\n    pass\n\ndef alpha_two():\n    """Second."""\n')
        .remove('gamma')
        .write('delta/d.ts', 'export function delta() {}\n');
      const head = repo.commit('alpha grows, gamma goes, delta arrives');
      const ctx = createTestContext(dbClient, 'tasks.warehouse.update');
      const result = await updateWarehouse({ warehouseId: id }, ctx, config);
      expect(result).toMatchObject({ changed: true, toVersion: head, commits: 1 });
      expect(result.pagesAdded).toBe(2);
      expect(result.pagesRemoved).toBe(2);

      const after = new Map((await readWiki(dbClient, id)).map((p) => [p.url, p]));
      expect(after.get('modules/beta')).toEqual(before.get('modules/beta'));
      expect(after.get('api/beta')).toEqual(before.get('api/beta'));
      expect(after.get('modules/alpha')?.id).toBe(before.get('modules/alpha')?.id);
      expect(after.get('api/alpha')?.content).toContain('alpha_two');
      expect(after.has('modules/delta')).toBe(true);
      expect(after.get('api/delta')?.content).toContain('delta');
      expect(after.has('modules/gamma')).toBe(false);
      expect(after.has('api/gamma')).toBe(false);
      expect(after.get('update-log')?.content).toContain('gamma goes');
      const maps = await dbClient.sql`select value, updated_at from minimaps where warehouse_id = ${id}`;
      expect(maps).toEqual([{ value: map, updated_at: new Date('2026-01-01T00:00:00Z') }]);
      const [outline] =
        await dbClient.sql`select value->>'commit' as commit from code_outlines where warehouse_id = ${id}`;
      expect(outline?.commit).toBe(head);
      const [w] = await dbClient.sql`select version, status from warehouses where id = ${id}`;
      expect(w).toMatchObject({ version: head, status: 'completed' });
      const commits =
        await dbClient.sql`select commit_id from document_commit_records where warehouse_id = ${id}`;
      expect(commits.map((c) => c.commit_id)).toContain(head);
      expect(commits).toHaveLength(2);
      expect(ctx.recorded.events[0]?.event).toMatchObject({ warehouseId: id, version: head });
    } finally {
      repo.cleanup();
      rmSync(reposDir, { recursive: true, force: true });
    }
  });
});
