import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, readWiki } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
});
const cleanups: (() => void)[] = [];

afterAll(() => {
  for (const c of cleanups) c();
  rmSync(reposDir, { recursive: true, force: true });
});

function fixture(): GitFixture {
  const repo = new GitFixture();
  cleanups.push(() => repo.cleanup());
  return repo;
}

async function run(
  dbClient: Parameters<typeof insertWarehouse>[0],
  fields: Parameters<typeof insertWarehouse>[1],
) {
  const id = await insertWarehouse(dbClient, fields);
  const result = await processWarehouse(
    { warehouseId: id },
    createTestContext(dbClient, 'tasks.warehouse.process'),
    config,
  ).then(
    (r) => ({ ok: r }),
    (e: Error) => ({ error: e }),
  );
  const [row] = await dbClient.sql`select status, error from warehouses where id = ${id}`;
  const overview = (await readWiki(dbClient, id)).find((p) => p.url === 'overview')?.content ?? '';
  return { id, result, row, overview };
}

describe('process: unusual repositories', () => {
  test('a repository without commits ends FAILED, says so and leaves no clone', async ({ dbClient }) => {
    const repo = fixture();
    const { id, result, row } = await run(dbClient, { address: repo.dir });
    expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/has no commits/) });
    expect('error' in result && result.error.name).toBe('NonRetriableError');
    expect(existsSync(join(reposDir, id))).toBe(false);
  });

  test('a branch that does not exist ends FAILED naming the branch and leaves no clone', async ({
    dbClient,
  }) => {
    const repo = fixture().write('a.py', 'def a():\n    pass\n');
    repo.commit('a');
    const { id, result, row } = await run(dbClient, { address: repo.dir, branch: 'no-such-branch' });
    expect(row).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/branch "no-such-branch" not found/),
    });
    expect('error' in result && result.error.name).toBe('NonRetriableError');
    expect(existsSync(join(reposDir, id))).toBe(false);
  });

  test('an empty directory (type file) is COMPLETED with a note that there was nothing to analyse', async ({
    dbClient,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'repowiki-empty-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { result, row, overview } = await run(dbClient, { address: dir, type: 'file' });
    expect(row).toMatchObject({ status: 'completed', error: null });
    expect('ok' in result && result.ok.files).toBe(0);
    expect(overview).toContain('the repository has no files to analyse');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a file 60 folders deep is analysed like any other', async ({ dbClient }) => {
    const deep = Array.from({ length: 60 }, (_, i) => `level${String(i + 1).padStart(2, '0')}`).join('/');
    const repo = fixture().write(
      `${deep}/bottom.py`,
      'def at_the_bottom():\n    """Sixty folders down."""\n',
    );
    repo.commit('deep');
    const { id, result, row } = await run(dbClient, { address: repo.dir });
    expect(row).toMatchObject({ status: 'completed', error: null });
    expect('ok' in result && result.ok.files).toBe(1);
    const api = (await readWiki(dbClient, id)).find((p) => p.url === `api/${deep}`);
    expect(api?.content).toContain('at_the_bottom');
    expect(api?.sources).toEqual([`${deep}/bottom.py`]);
  });

  test('a repository of one huge file is COMPLETED with the file noted as skipped', async ({ dbClient }) => {
    const repo = fixture().write('huge.ts', 'export const x = 1;\n'.repeat(600_000));
    repo.commit('huge');
    const started = Date.now();
    const { result, row, overview } = await run(dbClient, { address: repo.dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(row).toMatchObject({ status: 'completed', error: null });
    expect('ok' in result && result.ok).toMatchObject({ files: 0, skipped: 1 });
    expect(overview).toMatch(/huge\.ts.*huge — 12000000 bytes, over the 1048576-byte limit/);
    expect(overview).toContain('no file could be analysed: every file was skipped');
  });
});
