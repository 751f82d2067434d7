/**
 * The `tasks` CLI against the shipped NATS config (users, permissions, TLS): it connects with
 * user/password (env or --nats-user) and with an nkey seed file, over TLS with --nats-tls-ca,
 * maps refusals to exit 6, checks its NATS flags like the services check their env, and never
 * prints a password or token: not on failure, not in --help.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort } from '@repowiki/db';
import { type SecuredNats, startSecuredNats, test, waitFor } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type CliRun, json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

// A user nkey pair made for this test only (nkeys.createUser()); the server knows the public key.
const NKEY_SEED = 'SUAPMVVGA6EPLYD7WFY6KW5BVXLB7PJZ7V533UDRGQHBPC5IS75AFEQ3AQ';
const NKEY_PUBLIC = 'UC4PUADNW5PEYW2RSDIHYGYP7SKIWSRFDONUYOQDQ36UEQ4IRTAFI6AZ';

const dir = mkdtempSync(join(tmpdir(), 'repowiki-cli-secured-'));
let nats: SecuredNats;

beforeAll(async () => {
  nats = await startSecuredNats();
}, 30_000);
afterAll(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of an operator on this bus: user, password and CA, nothing on the command line. */
function operatorEnv(databaseUrl: string): Record<string, string> {
  return {
    NATS_URL: nats.url,
    NATS_USER: 'operator',
    NATS_PASSWORD: nats.passwords.operator,
    NATS_TLS_CA: nats.caFile,
    NATS_NAMESPACE: '',
    DATABASE_URL: databaseUrl,
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function expectNoSecret(run: CliRun, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

describe('tasks CLI on the secured bus', () => {
  test('connects as the operator with user/password from the environment, over TLS', async ({
    databaseUrl,
  }) => {
    const run = await runCli(['streams', '--json'], operatorEnv(databaseUrl));
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(json<{ stream: string }[]>(run).map((r) => r.stream)).toContain('TASKS_WAREHOUSE');
    expectNoSecret(run, nats.passwords.operator);
  });

  test('takes the user and the CA from flags; refuses what the web user may not do with exit 6', async ({
    databaseUrl,
  }) => {
    const env = { NATS_URL: nats.url, NATS_PASSWORD: nats.passwords.web, DATABASE_URL: databaseUrl };
    const flags = ['--nats-user', 'web', '--nats-tls-ca', nats.caFile];
    const purge = await runCli([...flags, 'dlq', 'purge', '--yes'], env);
    expect(purge.code, purge.stderr).toBe(EXIT.forbidden);
    expect(purge.stderr).toMatch(/^tasks: not permitted: .*Permissions Violation.*\$JS\.API/);
    const restore = await runCli(
      [...flags, 'submit', 'migration.restore', '{"path":"/data/backups/x"}'],
      env,
    );
    expect(restore.code, restore.stderr).toBe(EXIT.forbidden);
    expect(restore.stderr).toMatch(/not permitted: permission denied.*tasks\.migration\.restore/);
    expectNoSecret(purge, nats.passwords.web);
    expectNoSecret(restore, nats.passwords.web);
  });

  test('streams --apply: the operator brings every stream to its definition; the web user may not', async ({
    databaseUrl,
  }) => {
    const first = await runCli(['streams', '--apply', '--json'], operatorEnv(databaseUrl));
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const operator = await nats.connectAs('operator');
    try {
      // A shared stream changed behind the contracts' back (or by an older release).
      const jsm = await jetstreamManager(operator);
      await jsm.streams.update('EVENTS', { description: 'changed by hand' });
      const again = await runCli(['streams', '--apply', '--json'], operatorEnv(databaseUrl));
      expect(again.code, again.stderr).toBe(EXIT.ok);
      const { applied } = json<{ applied: Record<string, string> }>(again);
      expect(applied).toMatchObject({ EVENTS: 'updated', DLQ: 'unchanged', TASKS_WAREHOUSE: 'unchanged' });
      expect((await jsm.streams.info('EVENTS')).config.description).not.toBe('changed by hand');
    } finally {
      await operator.close();
    }
    const web = await runCli(['streams', '--apply'], {
      ...operatorEnv(databaseUrl),
      NATS_USER: 'web',
      NATS_PASSWORD: nats.passwords.web,
    });
    expect(web.code, web.stderr).toBe(EXIT.forbidden);
  });

  test('a wrong password: exit 6, one line, the password nowhere (also not from a URL)', async ({
    databaseUrl,
  }) => {
    const wrong = 'Wr0ng-s3cret-guess';
    const run = await runCli(['streams'], { ...operatorEnv(databaseUrl), NATS_PASSWORD: wrong });
    expect(run.code).toBe(EXIT.forbidden);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/refused the credentials: .*Authorization Violation/i);
    expectNoSecret(run, wrong);

    const port = new URL(nats.url).port;
    const inUrl = await runCli(['streams'], {
      ...operatorEnv(databaseUrl),
      NATS_USER: '',
      NATS_PASSWORD: '',
      NATS_URL: `nats://operator:${wrong}@127.0.0.1:${port}`,
    });
    expect(inUrl.code).toBe(EXIT.forbidden);
    expect(inUrl.stderr).toContain(`nats://operator:***@127.0.0.1:${port}`);
    expectNoSecret(inUrl, wrong);
  });

  test('--help shows NATS_URL and DATABASE_URL from the environment with their passwords masked', async () => {
    const run = await runCli(['--help'], {
      NATS_URL: 'nats://operator:hunter2-nats@nats:4222',
      DATABASE_URL: 'postgres://app:hunter2-pg@db:5432/repowiki',
      NATS_PASSWORD: 'hunter2-env',
    });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('nats://operator:***@nats:4222');
    expect(run.stdout).toContain('postgres://app:***@db:5432/repowiki');
    expect(run.stdout).toContain('--nats-creds <file>');
    expectNoSecret(run, 'hunter2-nats', 'hunter2-pg', 'hunter2-env');
  });

  test('a bad NATS flag is a usage error naming the flag and its variable', async ({ databaseUrl }) => {
    const missing = await runCli(
      ['streams', '--nats-tls-ca', join(dir, 'nope.crt')],
      operatorEnv(databaseUrl),
    );
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/--nats-tls-ca \(NATS_TLS_CA\): cannot read the file/);
    const both = await runCli(['streams', '--nats-nkey', nats.caFile], {
      ...operatorEnv(databaseUrl),
      NATS_TOKEN: 'tok-s3cret',
    });
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toMatch(
      /--nats-nkey \(NATS_NKEY_SEED_FILE\): expected a file holding a user nkey seed/,
    );
    expect(both.stderr).toMatch(/NATS_TOKEN: set only one of/);
    expectNoSecret(both, 'tok-s3cret');
  });
});

describe('tasks CLI with an nkey', () => {
  test('authenticates with --nats-nkey against a server that knows only the public key', async () => {
    const port = await freePort();
    const conf = join(dir, 'nkey.conf');
    writeFileSync(
      conf,
      `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, 'js')}" }\nauthorization { users: [ { nkey: ${NKEY_PUBLIC} } ] }\n`,
    );
    const seed = join(dir, 'user.nk');
    writeFileSync(seed, `${NKEY_SEED}\n`, { mode: 0o600 });
    const server = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-c', conf], {
      stdio: 'ignore',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
    });
    try {
      const url = `nats://127.0.0.1:${port}`;
      await waitFor(() => listening(port));
      const run = await runCli(['streams', '--json', '--nats-nkey', seed], { NATS_URL: url });
      expect(run.code, run.stderr).toBe(EXIT.ok);
      expect(json<unknown[]>(run).length).toBeGreaterThan(0);
      expectNoSecret(run, NKEY_SEED);
      const anonymous = await runCli(['streams'], { NATS_URL: url });
      expect(anonymous.code).toBe(EXIT.forbidden);
    } finally {
      if (server.pid !== undefined && server.exitCode === null) {
        const gone = new Promise((r) => server.once('exit', r));
        process.kill(server.pid, 'SIGTERM');
        await gone;
      }
    }
  }, 60_000);
});
