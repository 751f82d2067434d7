/**
 * Issue 12 finding 5 (git and disk): a repository cannot make warehouse-svc hold or write
 * more than its limits, whatever git prints about it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createWarehouseConfig } from '../config/warehouse-config.js';
import { DumbHttpServer } from '../testing/dumb-http-server.js';
import { GitFixture } from '../testing/git-fixture.js';
import { createTestContext } from '../testing/test-context.js';
import { insertWarehouse } from '../testing/warehouse-rows.js';
import { processWarehouse } from './process.handler.js';

const MiB = 1024 * 1024;
const reposDir = mkdtempSync(join(tmpdir(), 'repowiki-clones-'));
const served = mkdtempSync(join(tmpdir(), 'repowiki-served-'));
const server = new DumbHttpServer(served);
const cleanups: (() => void)[] = [];
const config = createWarehouseConfig({
  repositoriesDir: reposDir,
  allowLocalRepos: true,
  localRoots: [tmpdir()],
  allowedSchemes: ['http'],
  // The dumb HTTP server listens on loopback: a "self-hosted" server for this test.
  allowedPrivateHosts: ['127.0.0.1'],
  maxCloneBytes: 2 * MiB,
  cloneTimeoutMs: 20_000,
});

beforeAll(async () => {
  await server.start();
});

afterAll(async () => {
  await server.stop();
  for (const c of cleanups) c();
  for (const d of [reposDir, served]) rmSync(d, { recursive: true, force: true });
});

function fixture(): GitFixture {
  const repo = new GitFixture();
  cleanups.push(() => repo.cleanup());
  return repo;
}

async function run(dbClient: Parameters<typeof insertWarehouse>[0], address: string) {
  const id = await insertWarehouse(dbClient, { address });
  const result = await processWarehouse(
    { warehouseId: id },
    createTestContext(dbClient, 'tasks.warehouse.process'),
    config,
  ).then(
    (r) => ({ ok: r }),
    (e: Error) => ({ error: e }),
  );
  const [row] = await dbClient.sql`select status, error from warehouses where id = ${id}`;
  return { id, result, row };
}

describe('clone size is measured on disk', () => {
  test('a dumb-HTTP clone (no progress line) over the limit is killed and leaves nothing', async ({
    dbClient,
  }) => {
    const repo = fixture();
    // Incompressible: the pack is as big as the file.
    repo.write('blob.bin', randomBytes(6 * MiB)).write('a.py', 'def a():\n    pass\n');
    repo.commit('big pack');
    repo.git('clone', '--quiet', '--bare', repo.dir, join(served, 'big.git'));
    DumbHttpServer.prepare(join(served, 'big.git'));

    const { id, result, row } = await run(dbClient, server.url('big.git'));
    expect(server.requests.some((p) => p.startsWith('/big.git/objects/'))).toBe(true);
    expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/size limit/) });
    expect('error' in result && result.error.name).toBe('NonRetriableError');
    expect(existsSync(join(reposDir, id))).toBe(false);
  });

  test('a small pack that checks out to a huge file is refused before it fills the disk', async ({
    dbClient,
  }) => {
    const repo = fixture();
    // 40 MiB of zeros packs into a few dozen KiB.
    writeFileSync(join(repo.dir, 'zeros.txt'), Buffer.alloc(40 * MiB));
    repo.write('a.py', 'def a():\n    pass\n').commit('bomb');
    const { id, row } = await run(dbClient, repo.dir);
    expect(row).toMatchObject({ status: 'failed', error: expect.stringMatching(/size limit/) });
    expect(existsSync(join(reposDir, id))).toBe(false);
  });

  test('a repository under the limit over dumb HTTP is documented', async ({ dbClient }) => {
    const repo = fixture().write('lib/a.py', 'def small_and_fine():\n    pass\n');
    repo.commit('small');
    repo.git('clone', '--quiet', '--bare', repo.dir, join(served, 'small.git'));
    DumbHttpServer.prepare(join(served, 'small.git'));
    const { row } = await run(dbClient, server.url('small.git'));
    expect(row).toMatchObject({ status: 'completed', error: null });
  });
});

describe('git output is bounded', () => {
  test('a huge commit message is truncated, not buffered and stored whole', async ({ dbClient }) => {
    const repo = fixture().write('a.py', 'def a():\n    pass\n');
    repo.commit('first');
    const message = join(repo.dir, '..', `msg-${Date.now()}`);
    cleanups.push(() => rmSync(message, { force: true }));
    writeFileSync(message, `${'T'.repeat(5_000)}\n\n${'body line\n'.repeat(1024 * 1024)}`);
    repo.write('b.py', 'def b():\n    pass\n');
    repo.git('add', '-A');
    repo.git('commit', '--quiet', '-F', message);

    const { id, row } = await run(dbClient, repo.dir);
    expect(row).toMatchObject({ status: 'completed', error: null });
    const records = await dbClient.sql<{ title: string; commit_message: string; description: string }[]>`
      select title, commit_message, description from document_commit_records
      where warehouse_id = ${id} order by last_update desc, title`;
    expect(records).toHaveLength(2);
    const huge = records.find((r) => r.title.startsWith('TTT'));
    expect(huge?.title.length).toBeLessThanOrEqual(1_024);
    expect(huge?.commit_message.length).toBeLessThanOrEqual(16 * 1024);
    expect(huge?.commit_message).toContain('body line');
    // The files of the commit still come through after the truncated message.
    expect(huge?.description).toBe('b.py');
  });
});
