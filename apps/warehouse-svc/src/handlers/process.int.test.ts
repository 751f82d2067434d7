import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassificationSchema, CodeOutlineSchema } from '@repowiki/contracts';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { buildPolyglotRepo } from '../testing/polyglot-repo.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, readWiki } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const LARGE = 64 * 1024;
const repo = buildPolyglotRepo(LARGE * 2);
const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
  maxFileBytes: LARGE,
});

afterAll(() => {
  repo.cleanup();
  rmSync(reposDir, { recursive: true, force: true });
});

describe('process', () => {
  test('documents a polyglot repository end to end', async ({ dbClient }) => {
    const id = await insertWarehouse(dbClient, { address: repo.dir, name: 'acme' });
    const ctx = createTestContext(dbClient, 'tasks.warehouse.process');
    const result = await processWarehouse({ warehouseId: id }, ctx, config);

    const head = repo.git('rev-parse', 'HEAD').trim();
    const [w] = await dbClient.sql`select * from warehouses where id = ${id}`;
    expect(w).toMatchObject({ status: 'completed', version: head, error: null });
    expect(ClassificationSchema.parse(w?.classify)).toBe(result.classification);
    expect(w?.readme).toContain('Acme is a toolkit');
    expect(w?.optimized_directory_structure).toContain('packages/');
    expect(w?.optimized_directory_structure).not.toContain('secret.log');
    expect(existsSync(join(reposDir, id, '.git'))).toBe(true);

    const pages = await readWiki(dbClient, id);
    const urls = pages.map((p) => p.url);
    for (const url of [
      'overview',
      'getting-started',
      'architecture',
      'modules',
      'dependencies',
      'update-log',
      'api',
    ])
      expect(urls).toContain(url);
    // Modules as each language draws them (issue 13, item 1): an npm package, a TS folder
    // with an index, a Python project, a Go module, a crate, a Java package, a C# namespace.
    for (const mod of [
      'packages/core',
      'packages/web/src',
      'pyapp',
      'gosvc',
      'rustlib/src',
      'javaapp/src/main/java/com/acme',
      'dotnet',
    ]) {
      expect(urls).toContain(`modules/${mod}`);
      expect(urls).toContain(`api/${mod}`);
    }
    for (const notCode of ['modules/packages', 'modules/docs', 'modules/assets', 'modules/data'])
      expect(urls).not.toContain(notCode);
    expect(urls).toContain('infrastructure');
    const byUrl = new Map(pages.map((p) => [p.url, p]));
    expect(byUrl.get('modules/packages/core')?.parent_url).toBe('modules');
    expect(byUrl.get('modules/packages/web/src')?.name).toBe('@acme/web');
    expect(byUrl.get('modules/javaapp/src/main/java/com/acme')?.name).toBe('com.acme');
    expect(byUrl.get('modules/dotnet')?.name).toBe('Acme.Tool');
    expect(byUrl.get('modules/gosvc')?.name).toBe('example.test/gosvc');
    expect(result.pages).toBe(pages.length);
    for (const page of pages) {
      expect(page.content, page.url).toMatch(/\S/);
      expect(page.sources.length, page.url).toBeGreaterThan(0);
    }
    const allSources = pages.flatMap((p) => p.sources);
    expect(allSources).not.toContain('link-out');
    expect(allSources).not.toContain('secret.log');
    expect(allSources.some((s) => s.startsWith('generated/'))).toBe(false);

    const content = (url: string) => pages.find((p) => p.url === url)?.content ?? '';
    expect(content('api/packages/core')).toContain('createThing');
    expect(content('api/packages/core')).toContain('Makes a thing.');
    expect(content('api/packages/web/src')).toContain('render');
    expect(content('api/pyapp')).toContain('load_model');
    expect(content('api/gosvc')).toContain('Serve');
    expect(content('api/rustlib/src')).toContain('parse_input');
    expect(content('api/javaapp/src/main/java/com/acme')).toContain('App');
    expect(content('api/dotnet')).toContain('Greeter');
    expect(content('architecture')).toMatch(/@acme\/web.*@acme\/core/s);
    expect(content('infrastructure')).toContain('Build and packaging');

    const overview = content('overview');
    expect(overview).toMatch(/link-out.*symlink pointing outside the repository, not followed/);
    expect(overview).toMatch(/assets\/logo\.png.*binary/);
    expect(overview).toMatch(/data\/big\.txt.*huge/);
    expect(overview).toContain('file name is not valid UTF-8: docs/caf\uFFFD.md');
    expect(result.skipped).toBeGreaterThanOrEqual(3);

    const commits =
      await dbClient.sql`select title from document_commit_records where warehouse_id = ${id} order by last_update, title`;
    expect(commits.map((c) => c.title).sort()).toEqual([
      'add services in five more languages',
      'core: first helpers',
      'pyapp: helper',
    ]);
    expect(content('update-log')).toContain('pyapp: helper');

    // The mind map is minimap-svc's (issue 13, item 6): warehouse-svc stores the code outline
    // it is drawn from, at this commit, and writes no map.
    expect(await dbClient.sql`select 1 from minimaps where warehouse_id = ${id}`).toHaveLength(0);
    const [outlineRow] = await dbClient.sql`select value from code_outlines where warehouse_id = ${id}`;
    const outline = CodeOutlineSchema.parse(outlineRow?.value);
    expect(outline.commit).toBe(head);
    expect(outline.modules.map((m) => m.key)).toEqual(
      expect.arrayContaining(['packages/core', 'pyapp', 'gosvc']),
    );
    expect(outline.modules.find((m) => m.key === 'packages/core')?.symbols.map((s) => s.name)).toEqual([
      'Registry',
      'createThing',
    ]);
    const [overviewRow] =
      await dbClient.sql`select o.content from document_overviews o join documents d on d.id = o.document_id where d.warehouse_id = ${id}`;
    expect(overviewRow?.content).toBe(overview);

    expect(ctx.recorded.events).toEqual([
      {
        subject: 'events.warehouse.completed',
        event: expect.objectContaining({ warehouseId: id, version: head }),
      },
    ]);
    const steps = ctx.recorded.progress.map((p) => p.step);
    expect(steps).toEqual(
      expect.arrayContaining([
        'clone',
        'analyse',
        'readme',
        'catalogue',
        'classify',
        'outline',
        'structure',
        'pages',
        'overview',
        'update-log',
        'completed',
      ]),
    );
  });

  test('processing again (reset) rebuilds the same wiki without duplicates', async ({ dbClient }) => {
    const id = await insertWarehouse(dbClient, { address: repo.dir, name: 'acme' });
    await processWarehouse(
      { warehouseId: id },
      createTestContext(dbClient, 'tasks.warehouse.process'),
      config,
    );
    const first = (await readWiki(dbClient, id)).map((p) => [p.url, p.content]);
    await processWarehouse(
      { warehouseId: id },
      createTestContext(dbClient, 'tasks.warehouse.process'),
      config,
    );
    const second = (await readWiki(dbClient, id)).map((p) => [p.url, p.content]);
    expect(second).toEqual(first);
    const [n] =
      await dbClient.sql`select count(*)::int as n from document_commit_records where warehouse_id = ${id}`;
    expect(n?.n).toBe(3);
  });

  test('a plain local directory (type file) is read in place under an allowed root', async ({ dbClient }) => {
    const dir = mkdtempSync(join(tmpdir(), 'repowiki-plain-'));
    try {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'lib'));
      writeFileSync(join(dir, 'lib', 'a.py'), 'def alpha():\n    pass\n');
      writeFileSync(join(dir, '.gitignore'), 'skip.txt\n');
      writeFileSync(join(dir, 'skip.txt'), 'no');
      const id = await insertWarehouse(dbClient, { address: dir, type: 'file', name: 'plain' });
      const result = await processWarehouse(
        { warehouseId: id },
        createTestContext(dbClient, 'tasks.warehouse.process'),
        config,
      );
      expect(result.version).toMatch(/^dir-/);
      const pages = await readWiki(dbClient, id);
      expect(pages.find((p) => p.url === 'api/lib')?.content).toContain('alpha');
      expect(pages.flatMap((p) => p.sources)).not.toContain('skip.txt');
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
