/**
 * `pnpm bench wiki` end to end on a small generated repository: warehouse-svc and minimap-svc
 * run as processes on the test NATS (own namespace) and database, the repository is processed
 * twice through `tasks.warehouse.process`, and the row is checked against what the fixture
 * holds. Numbers that depend on the pipeline (what the wiki shows) are only checked for
 * consistency, so the test keeps passing as the pipeline improves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test, uniqueName } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { GitFixture } from '../testing/git-fixture.js';
import { runWikiBench } from './run-wiki-bench.js';

const repo = new GitFixture('repowiki-wikibench-');
repo
  .write('README.md', '# Acme\n\nAcme parses flags.\n')
  .write('pyproject.toml', '[project]\nname = "acme"\n')
  .write('src/acme/__init__.py', 'from .core import Engine\n')
  .write(
    'src/acme/core.py',
    'class Engine:\n    """Runs things."""\n\n    def run(self):\n        return 1\n\n    def _step(self):\n        pass\n\n\ndef start():\n    return Engine()\n',
  )
  .write('tests/test_core.py', 'def test_start():\n    pass\n')
  .write('go.mod', 'module example.test/acme\n\ngo 1.22\n')
  .write(
    'flag.go',
    'package acme\n\n// Flag is one option.\ntype Flag struct{ Name string }\n\n// Set stores a value.\nfunc (f *Flag) Set(v string) error { return nil }\n\n// Parse reads flags.\nfunc Parse(args []string) []Flag { return nil }\n\nfunc helper() {}\n',
  )
  .write('flag_test.go', 'package acme\n\nfunc TestParse() {}\n');
const commit = repo.commit('acme: first version');
const workDir = mkdtempSync(join(tmpdir(), 'repowiki-wikibench-work-'));

afterAll(() => {
  repo.cleanup();
  rmSync(workDir, { recursive: true, force: true });
});

describe('pnpm bench wiki', () => {
  test('processes a repository twice through the task path and measures the stored wiki', async ({
    natsUrl,
    databaseUrl,
    jsm,
  }) => {
    const namespace = uniqueName('wikibench');
    const rows = await runWikiBench({ repositories: [repo.dir], natsUrl, databaseUrl, namespace, workDir });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    if (!row) throw new Error('no row');
    // Facts of the repository, independent of the pipeline.
    expect(row).toMatchObject({ repository: basename(repo.dir), commit, files: 8, packagesFound: 2 });
    const m = row.measures;
    expect(m.topLevel.total).toBe(4); // Engine, start, Flag, Parse
    expect(m.methods.total).toBe(2); // Engine.run, Flag.Set
    expect(
      [...m.packages.withPage, ...m.packages.withoutPage].map((p) => `${p.language} ${p.dir}`).sort(),
    ).toEqual(['go ', 'python src/acme']);

    // What the pipeline stored: consistent counts, whatever the pipeline writes.
    expect(row.taskMs).toBeGreaterThan(0);
    expect(row.secondTaskMs).toBeGreaterThan(0);
    expect(m.pages).toBeGreaterThan(0);
    for (const r of [m.topLevel, m.methods]) expect(r.found + r.missed.length).toBe(r.total);
    expect(m.mermaid.ok).toBeLessThanOrEqual(m.mermaid.total);
    expect(m.mermaid.failures).toHaveLength(m.mermaid.total - m.mermaid.ok);
    expect(row.mapSettled).toBe(true);
    expect(m.mapUrls.total).toBeGreaterThan(0);
    expect(m.mapUrls.broken).toHaveLength(m.mapUrls.total - m.mapUrls.resolved);
    expect(row.determinism).toEqual({ identical: true, differences: [] });

    // The run's streams are gone.
    const prefix = `${namespace.toUpperCase()}_`;
    const left: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) left.push(name);
    expect(left).toEqual([]);
  }, 240_000);

  test('stops at the first failed attempt instead of waiting out the retries', async ({
    natsUrl,
    databaseUrl,
    dbClient,
  }) => {
    // HEAD is complete (the benchmark's own checkout works) but an older blob is gone, so the
    // service's full clone fails: a retriable error, retried minutes later.
    const broken = new GitFixture('repowiki-wikibench-broken-');
    try {
      broken.write('a.py', 'def old():\n    pass\n').commit('old');
      const oldBlob = broken.git('rev-parse', 'HEAD:a.py').trim();
      broken.write('a.py', 'def new():\n    pass\n').commit('new');
      rmSync(join(broken.dir, '.git', 'objects', oldBlob.slice(0, 2), oldBlob.slice(2)));

      const started = Date.now();
      await expect(
        runWikiBench({
          repositories: [broken.dir],
          natsUrl,
          databaseUrl,
          namespace: uniqueName('wikibench'),
          workDir: mkdtempSync(join(workDir, 'broken-')),
        }),
      ).rejects.toThrow(/processing failed: git clone/);
      expect(Date.now() - started).toBeLessThan(60_000);
      const runs = await dbClient.sql<{ attempts: number; state: string }[]>`
        select attempts, state from task_runs where name = 'tasks.warehouse.process'
          and payload->>'warehouseId' in (select id::text from warehouses where address = ${broken.dir})`;
      expect(runs).toEqual([{ attempts: 1, state: 'REVOKED' }]);
    } finally {
      broken.cleanup();
    }
  }, 120_000);
});
