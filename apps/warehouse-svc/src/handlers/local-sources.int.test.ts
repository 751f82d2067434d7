/**
 * Issue 12 finding 2: local directories (ALLOW_LOCAL_REPOS=true) are owned by whoever
 * registered them. Their `.git/config`, index and symlinks are hostile input: git must
 * never run inside them honouring their config, and no file outside the allowed roots
 * may be read or published.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse, readWiki } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';
import { updateWarehouse } from './update.handler.js';

const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
/** The only allowed root; "outside" directories are made next to it, not in it. */
const allowedRoot = mkdtempSync(join(tmpdir(), 'repowiki-allowed-'));
const outside = mkdtempSync(join(tmpdir(), 'repowiki-outside-'));
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [allowedRoot],
});
const cleanups: (() => void)[] = [];

afterAll(() => {
  for (const c of cleanups) c();
  for (const d of [reposDir, allowedRoot, outside]) rmSync(d, { recursive: true, force: true });
});

/** A git repository inside the allowed root. */
function fixture(): GitFixture {
  const repo = new GitFixture(`${allowedRoot.slice(tmpdir().length + 1)}/repo-`);
  cleanups.push(() => repo.cleanup());
  return repo;
}

async function run(
  dbClient: Parameters<typeof insertWarehouse>[0],
  fields: Parameters<typeof insertWarehouse>[1],
) {
  const id = await insertWarehouse(dbClient, fields);
  const ctx = createTestContext(dbClient, 'tasks.warehouse.process');
  const result = await processWarehouse({ warehouseId: id }, ctx, config).then(
    (r) => ({ ok: r }),
    (e: Error) => ({ error: e }),
  );
  const [row] = await dbClient.sql`select status, error from warehouses where id = ${id}`;
  const wiki = JSON.stringify(await readWiki(dbClient, id));
  return { id, result, row, wiki };
}

describe('local repositories are hostile input', () => {
  test.for(['file', 'git'] as const)(
    'a core.fsmonitor command in the repository config never runs (type %s)',
    async (type, { dbClient }) => {
      const marker = join(outside, `fsmonitor-ran-${type}`);
      const repo = fixture().write('lib/a.py', 'def alpha():\n    pass\n');
      repo.commit('a');
      appendFileSync(
        join(repo.dir, '.git', 'config'),
        `[core]\n\tfsmonitor = "touch ${marker}"\n\thooksPath = ${join(repo.dir, 'hooks')}\n`,
      );
      // A hook that would also leave the marker, in case hooksPath were honoured.
      mkdirSync(join(repo.dir, 'hooks'));
      for (const hook of ['post-checkout', 'reference-transaction', 'pre-upload-pack']) {
        writeFileSync(join(repo.dir, 'hooks', hook), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
      }
      const first = await run(dbClient, { address: repo.dir, type });
      expect(first.row).toMatchObject({ status: 'completed', error: null });
      expect(first.wiki).toContain('alpha');
      // An update runs git again (fetch, diff, log): still nothing from the user's config.
      // The test's own git must not trip the trap either.
      const safe = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];
      repo.write('lib/b.py', 'def beta():\n    pass\n');
      repo.git(...safe, 'add', '-A');
      repo.git(...safe, 'commit', '--quiet', '-m', 'b');
      await updateWarehouse(
        { warehouseId: first.id },
        createTestContext(dbClient, 'tasks.warehouse.update'),
        config,
      );
      expect(JSON.stringify(await readWiki(dbClient, first.id))).toContain('beta');
      expect(existsSync(marker)).toBe(false);
    },
  );

  test('a directory swapped for a symlink after it was indexed does not leak the files it points to', async ({
    dbClient,
  }) => {
    const secretDir = join(outside, 'secret-lib');
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'a.py'), 'def leaked_secret_token_4711():\n    pass\n');
    const repo = fixture().write('lib/a.py', 'def alpha():\n    pass\n');
    repo.commit('a');
    // The index still lists lib/a.py; on disk lib/ now leads outside the allowed root.
    rmSync(join(repo.dir, 'lib'), { recursive: true });
    symlinkSync(secretDir, join(repo.dir, 'lib'));
    for (const type of ['file', 'git'] as const) {
      const { row, wiki } = await run(dbClient, { address: repo.dir, type });
      expect(row?.status, type).toBe('completed');
      expect(wiki, type).not.toContain('leaked_secret_token_4711');
    }
  });

  test('a symlinked directory in a plain directory is not followed', async ({ dbClient }) => {
    const secretDir = join(outside, 'plain-secret');
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'b.py'), 'def leaked_plain_secret_815():\n    pass\n');
    const dir = mkdtempSync(join(allowedRoot, 'plain-'));
    writeFileSync(join(dir, 'main.py'), 'def main():\n    pass\n');
    symlinkSync(secretDir, join(dir, 'vendor-lib'));
    const { row, wiki } = await run(dbClient, { address: dir, type: 'file' });
    expect(row).toMatchObject({ status: 'completed', error: null });
    expect(wiki).toContain('main');
    expect(wiki).not.toContain('leaked_plain_secret_815');
  });

  test('a .git file pointing at a repository outside the allowed roots is refused', async ({ dbClient }) => {
    const victim = new GitFixture('repowiki-victim-');
    cleanups.push(() => victim.cleanup());
    victim.write('private.py', 'def victim_private_code_2718():\n    pass\n').commit('private');
    const dir = mkdtempSync(join(allowedRoot, 'gitfile-'));
    writeFileSync(join(dir, '.git'), `gitdir: ${join(victim.dir, '.git')}\n`);
    for (const type of ['git', 'file'] as const) {
      const { row, wiki } = await run(dbClient, { address: dir, type });
      expect(row, type).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/outside the allowed roots/),
      });
      expect(wiki, type).not.toContain('victim_private_code_2718');
    }
  });
});
