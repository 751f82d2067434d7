/**
 * The `tasks` CLI against the two remaining ways a NATS deployment authenticates clients:
 * - decentralised JWT auth ("operator mode", what `nsc` and Synadia Cloud set up): an operator,
 *   an account with JetStream enabled and users signed by the account, each handed a `.creds`
 *   file (user JWT + nkey seed). The server knows only the operator's and account's JWTs;
 * - a shared token (`authorization { token }`), read from NATS_TOKEN only.
 * Keys and JWTs are made here with the NATS libraries (`@nats-io/nkeys`, `@nats-io/jwt`), so the
 * server checks real signatures; permissions in a user JWT are enforced by the server and a
 * refusal is exit 6. No secret (seed, JWT, token) is ever printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from '@nats-io/jwt';
import { createAccount, createOperator, createUser, type KeyPair } from '@nats-io/nkeys';
import { freePort } from '@repowiki/db';
import { test, waitFor } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type CliRun, json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'repowiki-cli-jwt-'));
const servers: ChildProcess[] = [];

afterAll(async () => {
  for (const server of servers) {
    if (server.pid !== undefined && server.exitCode === null) {
      const gone = new Promise((r) => server.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      await gone;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

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

/** Starts nats-server on `config` (its `listen` is `port`) and waits until it accepts connections. */
async function startServer(name: string, port: number, config: string): Promise<string> {
  const file = join(dir, `${name}.conf`);
  writeFileSync(file, config);
  const server = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-c', file], {
    stdio: 'ignore',
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
  });
  servers.push(server);
  await waitFor(() => listening(port));
  return `nats://127.0.0.1:${port}`;
}

function expectNoSecret(run: CliRun, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('tasks CLI with a .creds file on an operator-mode (JWT) server', () => {
  let url: string;
  let account: KeyPair;
  const operatorCreds = join(dir, 'operator.creds');
  const readerCreds = join(dir, 'reader.creds');
  const secrets: string[] = [];

  /** A user JWT signed by the account, written as a .creds file (0600) like `nsc generate creds`. */
  async function credsFile(file: string, name: string, permissions: object): Promise<void> {
    const user = createUser();
    const jwt = await encodeUser(name, user, account, permissions);
    writeFileSync(file, text(fmtCreds(jwt, user)), { mode: 0o600 });
    secrets.push(text(user.getSeed()), jwt);
  }

  beforeAll(async () => {
    const operator = createOperator();
    account = createAccount();
    // JetStream in operator mode needs a system account, known to the operator.
    const system = createAccount();
    const operatorJwt = await encodeOperator('repowiki-test', operator, {
      system_account: system.getPublicKey(),
    });
    const systemJwt = await encodeAccount('SYS', system, {}, { signer: operator });
    // An account JWT's limits default to nothing (no connection, no JetStream): -1 is unlimited.
    const accountJwt = await encodeAccount(
      'TASKS',
      account,
      {
        limits: {
          conn: -1,
          subs: -1,
          data: -1,
          payload: -1,
          imports: -1,
          exports: -1,
          wildcards: true,
          mem_storage: -1,
          disk_storage: -1,
          streams: -1,
          consumer: -1,
        },
      },
      { signer: operator },
    );
    // The operator identity may do anything; "reader" may read JetStream info but not purge.
    await credsFile(operatorCreds, 'operator', {});
    await credsFile(readerCreds, 'reader', {
      pub: {
        allow: [
          '$JS.API.INFO',
          '$JS.API.STREAM.NAMES',
          '$JS.API.STREAM.LIST',
          '$JS.API.STREAM.INFO.>',
          '$JS.API.CONSUMER.INFO.>',
          '$JS.API.CONSUMER.LIST.>',
          '$JS.API.CONSUMER.NAMES.>',
        ],
      },
      sub: { allow: ['_INBOX.>'] },
    });
    const port = await freePort();
    url = await startServer(
      'operator-mode',
      port,
      [
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${join(dir, 'js')}" }`,
        `operator: ${operatorJwt}`,
        `system_account: ${system.getPublicKey()}`,
        'resolver: MEMORY',
        `resolver_preload: { ${system.getPublicKey()}: ${systemJwt}, ${account.getPublicKey()}: ${accountJwt} }`,
        '',
      ].join('\n'),
    );
  }, 30_000);

  test('the operator creds create and list the streams; no creds is refused with exit 6', async () => {
    const apply = await runCli(['streams', '--apply', '--json', '--nats-creds', operatorCreds], {
      NATS_URL: url,
    });
    expect(apply.code, apply.stderr).toBe(EXIT.ok);
    const listed = await runCli(['streams', '--json'], { NATS_URL: url, NATS_CREDS_FILE: operatorCreds });
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    expect(json<{ stream: string }[]>(listed).map((r) => r.stream)).toContain('TASKS_WAREHOUSE');
    expectNoSecret(apply, ...secrets);
    expectNoSecret(listed, ...secrets);

    const anonymous = await runCli(['streams'], { NATS_URL: url });
    expect(anonymous.code).toBe(EXIT.forbidden);
  });

  test('permissions in the user JWT hold: the reader lists streams but may not purge the DLQ', async () => {
    await runCli(['streams', '--apply', '--nats-creds', operatorCreds], { NATS_URL: url });
    const listed = await runCli(['streams', '--json', '--nats-creds', readerCreds], { NATS_URL: url });
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    const purge = await runCli(['dlq', 'purge', '--yes', '--nats-creds', readerCreds], { NATS_URL: url });
    expect(purge.code, purge.stderr).toBe(EXIT.forbidden);
    expect(purge.stderr.trim().split('\n')).toHaveLength(1);
    expectNoSecret(purge, ...secrets);
  });

  test('a creds file signed by an account the server does not know is refused, exit 6', async () => {
    const stranger = createAccount();
    const user = createUser();
    const file = join(dir, 'stranger.creds');
    writeFileSync(file, text(fmtCreds(await encodeUser('x', user, stranger), user)), { mode: 0o600 });
    const run = await runCli(['streams', '--nats-creds', file], { NATS_URL: url });
    expect(run.code).toBe(EXIT.forbidden);
    expectNoSecret(run, text(user.getSeed()));
  });
});

describe('tasks CLI with a token', () => {
  const token = `tok-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = await startServer(
      'token',
      port,
      `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, 'js-token')}" }\nauthorization { token: "${token}" }\n`,
    );
  }, 30_000);

  test('NATS_TOKEN authenticates; a wrong one is exit 6 with one line; neither is printed', async () => {
    const ok = await runCli(['streams', '--apply', '--json'], { NATS_URL: url, NATS_TOKEN: token });
    expect(ok.code, ok.stderr).toBe(EXIT.ok);
    expect(json<{ streams: { stream: string }[] }>(ok).streams.map((r) => r.stream)).toContain(
      'TASKS_WAREHOUSE',
    );
    expectNoSecret(ok, token);

    const wrong = `${token}-wrong`;
    const bad = await runCli(['streams'], { NATS_URL: url, NATS_TOKEN: wrong });
    expect(bad.code).toBe(EXIT.forbidden);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expectNoSecret(bad, token, wrong);
  });

  test('a token inside the URL works and is masked in --help', async () => {
    const withToken = url.replace('nats://', `nats://${token}@`);
    const ok = await runCli(['streams', '--json'], { NATS_URL: withToken });
    expect(ok.code, ok.stderr).toBe(EXIT.ok);
    expectNoSecret(ok, token);
    const help = await runCli(['--help'], { NATS_URL: withToken });
    expect(help.code).toBe(EXIT.ok);
    expectNoSecret(help, token);
  });
});
