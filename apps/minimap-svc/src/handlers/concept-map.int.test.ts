/**
 * Issue 13, item 6, end to end: a real git repository is processed by warehouse-svc running
 * as its own process (the task goes through the task client, the ledger and JetStream), then
 * this service draws the map from what warehouse-svc stored. The map must be the code's
 * concepts (modules → key types → key members) and every url must lead to lines that exist.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MiniMapNode } from '@repowiki/contracts';
import { freePort } from '@repowiki/db';
import { runService, waitForHttp } from '@repowiki/devstack';
import { TaskClient, Topology } from '@repowiki/runtime/client';
import { createTestContext } from '@repowiki/runtime/testing';
import { type FileFixtures, type TestFixtures, test, uniqueName } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { MAP_LIMITS } from '../map/map-limits.js';
import { parseMapUrl } from '../map/map-url.js';
import { measureMap } from '../map/measure-map.js';
import { regenerateMinimap } from './regenerate.handler.js';
import { validateMinimap } from './validate.handler.js';

const FILES: Record<string, string> = {
  'README.md': '# demo\n\nDemo runs engines.\n',
  'pyproject.toml': '[project]\nname = "demo"\ndescription = "Engines."\n',
  'src/demo/__init__.py': 'from .engine import Engine, start\n',
  'src/demo/engine.py': [
    'class Engine:',
    '    """Runs jobs."""',
    '',
    '    def run(self, job):',
    '        return job()',
    '',
    '    def stop(self):',
    '        pass',
    '',
    '    def _tick(self):',
    '        pass',
    '',
    '',
    'def start():',
    '    return Engine()',
    '',
  ].join('\n'),
  'src/demo/util/__init__.py': '',
  'src/demo/util/text.py': 'def slug(value):\n    return value.lower()\n',
  'go.mod': 'module example.test/demo\n\ngo 1.22\n',
  'flag.go': [
    'package demo',
    '',
    '// Flag is one option.',
    'type Flag struct {',
    '\tName string',
    '}',
    '',
    '// Set stores a value.',
    'func (f *Flag) Set(v string) error {',
    '\tf.Name = v',
    '\treturn nil',
    '}',
    '',
  ].join('\n'),
  'tests/test_engine.py': 'from demo import start\n\n\ndef test_start():\n    assert start()\n',
};

const root = mkdtempSync(join(tmpdir(), 'minimap-e2e-'));
const repoDir = join(root, 'demo');
const clonesDir = join(root, 'clones');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function buildRepo(): void {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repoDir,
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(repoDir, path)), { recursive: true });
    writeFileSync(join(repoDir, path), text);
  }
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('-c', 'user.name=Ada', '-c', 'user.email=ada@example.test', 'commit', '--quiet', '-m', 'demo');
}

/** Lines of a fixture file as an editor numbers them. */
const linesOf = (path: string) => (FILES[path] ?? '').replace(/\n$/, '').split('\n').length;
const walk = (n: MiniMapNode): MiniMapNode[] => [n, ...n.nodes.flatMap(walk)];

/**
 * Runs warehouse-svc as a process on this test's NATS namespace and database, processes the
 * fixture through the task client, then stops it and removes the namespace's streams.
 */
async function processWithWarehouseSvc(f: TestFixtures & FileFixtures): Promise<string> {
  const namespace = uniqueName('mapE2e');
  const port = await freePort();
  const svc = runService('warehouse-svc', {
    env: {
      NATS_URL: f.natsUrl,
      NATS_NAMESPACE: namespace,
      DATABASE_URL: f.databaseUrl,
      HTTP_PORT: String(port),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      REPOSITORIES_DIR: clonesDir,
      ALLOW_LOCAL_REPOS: 'true',
      LOCAL_REPO_ROOTS: root,
    },
  });
  let booting = true;
  try {
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 120_000 }),
      svc.exited.then((e) => {
        if (booting) throw new Error(`warehouse-svc exited (${e.code}): ${svc.output().slice(-2_000)}`);
      }),
    ]);
    booting = false;
    const [row] = await f.dbClient.sql<{ id: string }[]>`
      insert into warehouses (name, organization_name, address, type, status)
      values ('demo', 'acme', ${repoDir}, 'git', 'pending') returning id`;
    const warehouseId = row?.id ?? '';
    const client = new TaskClient({ nc: f.nc, db: f.dbClient, namespace });
    const taskId = await client.submit('tasks.warehouse.process', { warehouseId });
    await client.result(taskId, { timeoutMs: 120_000 });
    return warehouseId;
  } finally {
    booting = false;
    await svc.stop('SIGTERM');
    for (const s of new Topology(namespace).streams()) await f.jsm.streams.delete(s.name).catch(() => false);
  }
}

describe('mind map of a processed repository', () => {
  test('is modules → key types → key members, and every url resolves to existing lines', async ({
    natsUrl,
    databaseUrl,
    nc,
    jsm,
    dbClient,
  }) => {
    buildRepo();
    mkdirSync(clonesDir);
    const warehouseId = await processWithWarehouseSvc({ natsUrl, databaseUrl, nc, jsm, dbClient });

    // warehouse-svc stored the outline and no map.
    expect(await dbClient.sql`select 1 from minimaps where warehouse_id = ${warehouseId}`).toHaveLength(0);
    const result = await regenerateMinimap(
      { warehouseId },
      createTestContext(dbClient, 'tasks.minimap.regenerate'),
    );
    const [stored] = await dbClient.sql<{ value: MiniMapNode }[]>`
      select value from minimaps where warehouse_id = ${warehouseId}`;
    const map = stored?.value;
    if (!map) throw new Error('no map');
    expect(result.nodes).toBe(walk(map).length);
    expect(measureMap(map).nodes).toBeLessThanOrEqual(MAP_LIMITS.maxNodes);

    // Concepts: the modules, the project's own first, each with its key types (types before
    // functions), each type with its public members; no file list, no private names.
    const shape = (n: MiniMapNode): unknown => (n.nodes.length ? { [n.title]: n.nodes.map(shape) } : n.title);
    expect(map.title).toBe('acme/demo');
    // Modules: most public symbols first, then most files; members: most mentioned first,
    // then in source order.
    expect(map.nodes.map(shape)).toEqual([
      { demo: [{ Engine: ['run()', 'stop()'] }, 'start()'] },
      { 'demo.util': ['slug()'] },
      { 'example.test/demo': [{ Flag: ['Name', 'Set()'] }] },
    ]);

    // Every url leads to a file or folder of the repository, and its lines to real lines.
    const byTitle = new Map(walk(map).map((n) => [n.title, n.url]));
    expect(byTitle.get('Engine')).toBe('src/demo/engine.py#L1-L11');
    expect(byTitle.get('run()')).toBe('src/demo/engine.py#L4-L5');
    expect(byTitle.get('Set()')).toBe('flag.go#L9-L12');
    expect(byTitle.get('demo')).toBe('src/demo');
    const files = Object.keys(FILES);
    const folders = new Set(
      files.flatMap((f) =>
        f
          .split('/')
          .slice(0, -1)
          .map((_, i, p) => p.slice(0, i + 1).join('/')),
      ),
    );
    for (const n of walk(map).slice(1)) {
      const target = parseMapUrl(n.url, []);
      expect(target, n.url).toBeDefined();
      const path = target?.path ?? '';
      expect(files.includes(path) || folders.has(path), n.url).toBe(true);
      if (target?.lines) {
        const [from, to] = target.lines;
        expect(1 <= from && from <= to && to <= linesOf(path), n.url).toBe(true);
        // The first line is the declaration itself.
        const first = readFileSync(join(repoDir, path), 'utf8').split('\n')[from - 1] ?? '';
        expect(first, n.url).toContain(n.title.replace('()', ''));
      }
    }
    // The service's own check agrees (it reads the line counts from warehouse-svc's clone).
    const check = await validateMinimap(
      { warehouseId },
      createTestContext(dbClient, 'tasks.minimap.validate'),
    );
    expect(check).toMatchObject({ valid: true, problems: [] });
  }, 240_000);
});
