/**
 * `pnpm dev`: the whole system on a laptop. Starts what is missing (nats-server with
 * JetStream when nothing answers at NATS_URL; an embedded PostgreSQL when DATABASE_URL is
 * unset), applies migrations, builds the console's front-end, writes `.devstack/env` for tools,
 * and supervises the seven services. Ctrl-C stops the services first, then the servers it started: nothing is left.
 */
// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate } from '@repowiki/db';
import { redactNatsUrls } from '@repowiki/runtime/client';
import { buildConsoleWeb } from './console-web.js';
import { devSigningKey } from './dev-signing-key.js';
import { ensureNats } from './nats.js';
import { startDevPostgres } from './postgres.js';
import { REPO_ROOT, SERVICES } from './services.js';
import { Supervisor } from './supervisor.js';

const log = (msg: string) => process.stdout.write(`[devstack] ${msg}\n`);

/** State under the repository (git-ignored); DEVSTACK_DIR moves it (tests). */
const dir = process.env.DEVSTACK_DIR ?? join(REPO_ROOT, '.devstack');
const portOffset = Number(process.env.DEVSTACK_PORT_OFFSET ?? 0);
/** `pnpm dev --watch`: a service restarts when its sources change. */
const watchSources = process.argv.slice(2).includes('--watch');
/**
 * Pretty service logs when this terminal is a person's (turbo gives its tasks a pty when its
 * own output is a terminal) or LOG_FORMAT=pretty; JSON lines otherwise and in production.
 */
const prettyLogs =
  process.env.NODE_ENV !== 'production' &&
  (process.env.LOG_FORMAT === 'pretty' ||
    ((!process.env.LOG_FORMAT || process.env.LOG_FORMAT === 'auto') && process.stdout.isTTY === true));
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Reverse start order: services, then PostgreSQL, then NATS.
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
    }
    log('stopped');
    process.exit(code);
  }
  return new Promise<never>(() => {});
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    log(`${signal}: stopping`);
    void shutdown(0);
  });
}

try {
  mkdirSync(dir, { recursive: true });
  const nats = await ensureNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', join(dir, 'nats'));
  cleanups.push(nats.stop);
  const shown = redactNatsUrls(nats.url);
  log(nats.started ? `started nats-server at ${shown}` : `using the NATS server at ${shown}`);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startDevPostgres(join(dir, 'pg', 'data'));
    cleanups.push(pg.stop);
    databaseUrl = pg.url;
    log(`started PostgreSQL on 127.0.0.1:${pg.port}`);
  }
  if (stopping) await new Promise(() => {});
  const { applied } = await migrate(databaseUrl);
  log(`migrations applied: ${applied}`);

  // Into CONSOLE_WEB_DIR when it is set (the console serves it from there), else dist/web.
  await buildConsoleWeb(process.env.CONSOLE_WEB_DIR || undefined);
  log('console front-end built');

  const consoleUrl = `http://127.0.0.1:${SERVICES.find((s) => s.name === 'console')!.httpPort + portOffset}`;
  const env = {
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl,
    REPOSITORIES_DIR: process.env.REPOSITORIES_DIR ?? join(dir, 'repositories'),
    BACKUP_DIR: process.env.BACKUP_DIR ?? join(dir, 'backups'),
    BACKUP_SIGNING_KEY: process.env.BACKUP_SIGNING_KEY ?? devSigningKey(join(dir, 'backup-signing-key')),
    ADMIN_GENERATED_PASSWORD_FILE: process.env.ADMIN_GENERATED_PASSWORD_FILE ?? join(dir, 'admin-password'),
    // A laptop works offline on local checkouts: `pnpm tasks warehouse add ~/code/project`.
    // Production keeps the safe default (off) from warehouse-svc's env.
    ALLOW_LOCAL_REPOS: process.env.ALLOW_LOCAL_REPOS ?? 'true',
    LOCAL_REPO_ROOTS: process.env.LOCAL_REPO_ROOTS ?? [homedir(), tmpdir(), dirname(REPO_ROOT)].join(','),
    // The operators' token of the console, kept like the signing key: a login survives a restart.
    CONSOLE_TOKEN: process.env.CONSOLE_TOKEN ?? devSigningKey(join(dir, 'console-token')),
    CONSOLE_URL: consoleUrl,
  };
  // Not written to .devstack/env: tools reading it log as they like. A value set by hand goes
  // on as it is (a bad one stops the services, naming it).
  const logFormat = prettyLogs ? 'pretty' : process.env.LOG_FORMAT || 'json';
  const envFile = join(dir, 'env');
  writeFileSync(
    envFile,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    // It holds the database URL and the backup signing key.
    { mode: 0o600 },
  );
  chmodSync(envFile, 0o600);
  cleanups.push(async () => rmSync(envFile, { force: true }));

  const supervisor = new Supervisor({
    env: { ...env, LOG_FORMAT: logFormat },
    portOffset,
    prettyLogs,
    watch: watchSources,
  });
  cleanups.push(() => supervisor.stop());
  if (stopping) await new Promise(() => {});
  supervisor.start(SERVICES);
  log(`services: ${SERVICES.map((s) => `${s.name} http://127.0.0.1:${supervisor.portOf(s)}`).join(', ')}`);
  log(`console: ${consoleUrl} — sign in with ${consoleUrl}/login#token=${env.CONSOLE_TOKEN}`);
  log(
    watchSources
      ? 'watching sources: a service restarts when its app or a package it uses changes'
      : 'a crashed service restarts on its own; `pnpm dev --watch` also restarts on source changes',
  );
} catch (e: unknown) {
  log(`cannot start: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
}
