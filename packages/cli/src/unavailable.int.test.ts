import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { startNatsServer, test } from '@repowiki/testkit';
import { describe, expect, inject } from 'vitest';
import { runCli, runMany } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

/** Commands that talk to NATS, each with arguments that would otherwise be valid. */
const NATS_COMMANDS: string[][] = [
  ['submit', 'minimap.generate', '{}'],
  ['result', randomUUID()],
  ['revoke', randomUUID()],
  ['inspect', 'stats'],
  ['inspect', 'registered'],
  ['inspect', 'scheduled'],
  ['streams'],
  ['dlq', 'list'],
  ['dlq', 'show', '1'],
  ['dlq', 'replay', '1'],
  ['dlq', 'purge', '--yes'],
  ['schedule', 'list'],
  ['schedule', 'trigger', 'nightly'],
  ['schedule', 'pause', 'nightly'],
  ['warehouse', 'add', 'https://github.com/example/repo.git'],
  ['retry', randomUUID()],
  ['revoke', '--state', 'PENDING', '--yes'],
  ['events'],
  ['pause', 'minimap'],
  ['purge', 'minimap', '--yes'],
  ['dlq', 'replay', '--all'],
];

/** Commands that read only PostgreSQL (they work while NATS is down). */
const DB_COMMANDS: string[][] = [
  ['inspect', 'active'],
  ['schedule', 'history'],
  ['warehouse', 'show', randomUUID()],
  ['status', randomUUID()],
  ['list'],
  ['count', '--since', '1h'],
  ['show', randomUUID(), '--no-events'],
  ['warehouse', 'list'],
];

function expectOneLineFailure(
  run: { code: number | null; stdout: string; stderr: string; ms: number },
  what: RegExp,
) {
  expect(run.code, `${run.stdout}${run.stderr}`).toBe(EXIT.unavailable);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(what);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  // Generous: node + the swc loader alone take several seconds on a loaded 2-core machine.
  // That waits are bounded at all is shown with a silent server below.
  expect(run.ms).toBeLessThan(30_000);
}

/** A TCP server that accepts connections and never says a word (a hung or firewalled server). */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

describe('tasks CLI when a server is down', () => {
  test('with NATS stopped, every command that needs it fails fast with one line and exit 5', async ({
    databaseUrl,
  }) => {
    const nats = await startNatsServer();
    await nats.stop();
    const env = { NATS_URL: nats.url, DATABASE_URL: databaseUrl };
    const runs = await runMany(
      NATS_COMMANDS.map((args) => ['--connect-timeout', '1000', ...args]),
      env,
    );
    for (const run of runs)
      expectOneLineFailure(run, /^tasks: cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+/);
    // status is a ledger read: it answers without NATS.
    const id = randomUUID();
    const status = await runCli(['--connect-timeout', '1000', 'status', id], env);
    expect(status, status.stderr).toMatchObject({
      code: EXIT.notFound,
      stdout: `${id}: NOT_FOUND\n`,
      stderr: '',
    });
  }, 300_000);

  test('with PostgreSQL unreachable, every command that needs it fails fast with one line and exit 5', async () => {
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/none' };
    const runs = await runMany(
      DB_COMMANDS.map((args) => ['--connect-timeout', '1000', ...args]),
      env,
    );
    for (const run of runs) {
      expectOneLineFailure(
        run,
        /^tasks: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/none/,
      );
      expect(run.stderr).not.toContain('secret');
    }
  }, 120_000);

  test('a server that accepts but never answers is given up after --connect-timeout, not hung on', async ({
    databaseUrl,
  }) => {
    const silent = await silentServer();
    try {
      const [nats, pg] = await Promise.all([
        runCli(['--connect-timeout', '1000', 'streams'], {
          NATS_URL: `nats://127.0.0.1:${silent.port}`,
          DATABASE_URL: databaseUrl,
        }),
        runCli(['--connect-timeout', '1000', 'inspect', 'active'], {
          NATS_URL: inject('natsUrl'),
          DATABASE_URL: `postgres://postgres@127.0.0.1:${silent.port}/x`,
        }),
      ]);
      // Without the timeouts both would wait forever (runCli kills them at 60 s: code null).
      expectOneLineFailure(nats, /^tasks: cannot reach NATS at /);
      expectOneLineFailure(pg, /^tasks: cannot reach PostgreSQL at /);
    } finally {
      silent.server.close();
    }
  }, 90_000);
});
