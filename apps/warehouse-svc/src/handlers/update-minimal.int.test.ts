import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbClient } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';
import { updateWarehouse } from './update.handler.js';

/**
 * Issue 13 target: "an `update` after a one-file change regenerates only the pages whose
 * inputs changed (Overview included when its inputs change)". A page is judged by what the
 * tables record: its catalog row, its content row and its source rows. A page not rewritten
 * keeps every one of them as it was (same `updated_at`, same source row ids); a page
 * rewritten got new content.
 */
interface PageRows {
  catalogUpdatedAt: number;
  itemId: string;
  itemUpdatedAt: number;
  title: string;
  content: string;
  metadata: unknown;
  sourceRows: string;
}

async function pageRows(db: DbClient, warehouseId: string): Promise<Map<string, PageRows>> {
  const rows = await db.sql<
    {
      url: string;
      catalog_updated_at: Date;
      item_id: string;
      item_updated_at: Date;
      title: string;
      content: string;
      metadata: unknown;
      source_rows: string | null;
    }[]
  >`
    select c.url, c.updated_at as catalog_updated_at, i.id as item_id, i.updated_at as item_updated_at,
      i.title, i.content, i.metadata,
      string_agg(s.id::text || ' ' || s.address || ' ' || s.created_at::text, '|' order by s.address) as source_rows
    from document_catalogs c
    join document_file_items i on i.document_catalog_id = c.id
    left join document_file_item_sources s on s.document_file_item_id = i.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    group by c.id, i.id`;
  return new Map(
    rows.map((r) => [
      r.url,
      {
        catalogUpdatedAt: r.catalog_updated_at.getTime(),
        itemId: r.item_id,
        itemUpdatedAt: r.item_updated_at.getTime(),
        title: r.title,
        content: r.content,
        metadata: r.metadata,
        sourceRows: r.source_rows ?? '',
      },
    ]),
  );
}

const overviewRow = async (db: DbClient, warehouseId: string) => {
  const [row] = await db.sql<{ content: string; updated_at: Date }[]>`
    select o.content, o.updated_at from document_overviews o
    join documents d on d.id = o.document_id where d.warehouse_id = ${warehouseId}`;
  return row;
};

/** Urls of the pages rewritten between two readings; throws when a page changed without a rewrite. */
function rewritten(before: Map<string, PageRows>, after: Map<string, PageRows>): string[] {
  const urls: string[] = [];
  for (const [url, now] of after) {
    const was = before.get(url);
    if (!was) continue;
    const touched =
      now.catalogUpdatedAt !== was.catalogUpdatedAt ||
      now.itemUpdatedAt !== was.itemUpdatedAt ||
      now.sourceRows !== was.sourceRows;
    const differs = now.content !== was.content || now.title !== was.title;
    // Correct (every page whose text changed was written) and minimal (no other page was).
    expect({ url, touched }).toEqual({ url, touched: differs });
    if (touched) urls.push(url);
  }
  return urls.sort();
}

const flagGo = (setBody: string) =>
  [
    'package beta',
    '',
    '// Flag is one option.',
    'type Flag struct{ Name string }',
    '',
    '// Parse reads flags.',
    'func Parse(args []string) []Flag { return nil }',
    '',
    '// Set stores a value.',
    'func (f *Flag) Set(v string) error {',
    setBody,
    '\treturn nil',
    '}',
    '',
  ].join('\n');

const engine = (startBody: string) =>
  [
    'class Engine:',
    '    """Runs things."""',
    '',
    '    def run(self):',
    '        return 1',
    '',
    '',
    'def start():',
    startBody,
    '    return Engine()',
    '',
  ].join('\n');

const repo = new GitFixture('repowiki-update-minimal-');
const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
});

afterAll(() => {
  repo.cleanup();
  rmSync(reposDir, { recursive: true, force: true });
});

describe('update after a one-file change', () => {
  test('rewrites the pages whose inputs changed and leaves every other row untouched', async ({
    dbClient,
  }) => {
    repo
      .write('README.md', '# Demo\n\nDemo runs engines and parses flags.\n')
      .write('pyproject.toml', '[project]\nname = "demo"\ndescription = "Engines and flags."\n')
      .write('alpha/__init__.py', 'from .core import Engine, start\n')
      .write('alpha/core.py', engine('    pass'))
      .write('beta/go.mod', 'module example.test/beta\n\ngo 1.22\n')
      .write('beta/flag.go', flagGo('\t_ = v'))
      .write('tests/test_core.py', 'def test_start():\n    pass\n');
    repo.commit('initial');
    const id = await insertWarehouse(dbClient, { address: repo.dir, name: 'demo' });
    await processWarehouse(
      { warehouseId: id },
      createTestContext(dbClient, 'tasks.warehouse.process'),
      config,
    );
    const update = () =>
      updateWarehouse({ warehouseId: id }, createTestContext(dbClient, 'tasks.warehouse.update'), config);

    // 1. A Go method's body grows by a line: its lines move on the API page; the module page
    //    lists the package's types and functions (a method only as a count), so it stays.
    let before = await pageRows(dbClient, id);
    const overviewBefore = await overviewRow(dbClient, id);
    repo.write('beta/flag.go', flagGo('\t_ = v\n\t_ = f.Name'));
    repo.commit('beta: Set reads the name');
    let result = await update();
    let after = await pageRows(dbClient, id);
    expect(rewritten(before, after)).toEqual(['api/beta', 'update-log']);
    expect(result).toMatchObject({ changed: true, pagesRegenerated: 2, pagesAdded: 0, pagesRemoved: 0 });
    expect(await overviewRow(dbClient, id)).toEqual(overviewBefore);

    // 2. A Python function's body grows: its lines move on the API page and on the module
    //    page, which lists it among the key symbols with its lines.
    before = after;
    repo.write('alpha/core.py', engine('    engine = None\n    del engine'));
    repo.commit('alpha: start grows');
    result = await update();
    after = await pageRows(dbClient, id);
    expect(rewritten(before, after)).toEqual(['api/alpha', 'modules/alpha', 'update-log']);
    expect(await overviewRow(dbClient, id)).toEqual(overviewBefore);

    // 3. A new package that imports alpha: the Overview, the Modules and API indexes and the
    //    Architecture are written again (they list modules and totals), alpha's module page
    //    (used by gamma now) too; beta's pages are not.
    before = after;
    repo
      .write('gamma/__init__.py', '')
      .write('gamma/runner.py', 'from alpha.core import start\n\n\ndef go():\n    return start()\n');
    repo.commit('gamma arrives');
    result = await update();
    after = await pageRows(dbClient, id);
    const changed = rewritten(before, after);
    for (const url of ['overview', 'modules', 'architecture', 'api', 'update-log'])
      expect(changed).toContain(url);
    for (const url of ['modules/beta', 'api/beta', 'getting-started', 'tests', 'dependencies'])
      expect(changed).not.toContain(url);
    expect(result.pagesAdded).toBe(2);
    expect(after.get('overview')?.content).toContain('gamma');
    const overview = await overviewRow(dbClient, id);
    expect(overview?.content).toBe(after.get('overview')?.content);
    expect(overview?.updated_at).not.toEqual(overviewBefore?.updated_at);

    // 4. Only a count changes (a new documentation file): the Overview says one more other
    //    file (4: README, two manifests, the guide) and the infrastructure page lists it; no
    //    module page moves.
    before = after;
    const overviewBeforeDocs = await overviewRow(dbClient, id);
    repo.write('docs/guide.md', '# Guide\n');
    repo.commit('docs: a guide');
    result = await update();
    after = await pageRows(dbClient, id);
    const docs = rewritten(before, after);
    expect(docs).toEqual(expect.arrayContaining(['overview', 'infrastructure', 'update-log']));
    expect(docs.filter((u) => u.startsWith('modules/') || u.startsWith('api/'))).toEqual([]);
    expect(after.get('overview')?.content).toContain('- **Other files:** 4 (');
    expect((await overviewRow(dbClient, id))?.content).not.toBe(overviewBeforeDocs?.content);

    // 5. Nothing new: nothing is written at all.
    before = after;
    result = await update();
    expect(result).toMatchObject({ changed: false, pagesRegenerated: 0 });
    expect(await pageRows(dbClient, id)).toEqual(before);
  });
});
