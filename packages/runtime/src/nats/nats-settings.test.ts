import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceEnvSchema } from '../service/env.schema.js';
import { ConfigError, parseEnv } from '../service/parse-env.js';
import { natsConnectionOptions, natsSettingsSchema, redactNatsUrls } from './nats-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'repowiki-nats-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n';
// A syntactically valid user seed (nkeys.createUser().getSeed()); never used against a server.
const SEED = 'SUAPMVVGA6EPLYD7WFY6KW5BVXLB7PJZ7V533UDRGQHBPC5IS75AFEQ3AQ';
const CREDS = `-----BEGIN NATS USER JWT-----\neyJ0.e30.sig\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n`;

const schema = serviceEnvSchema({ httpPort: 3199 });
function configError(env: Record<string, string>): ConfigError {
  try {
    parseEnv(schema, env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('NATS settings of a service', () => {
  it('builds user/password and TLS options (CA, client certificate) from valid files', () => {
    const env = parseEnv(schema, {
      NATS_URL: 'nats://a:4222, nats://b:4222',
      NATS_USER: 'warehouse-svc',
      NATS_PASSWORD: 'hunter2',
      NATS_TLS_CA: file('ca.crt', PEM),
      NATS_TLS_CERT: file('tls.crt', PEM),
      NATS_TLS_KEY: file('tls.key', KEY),
    });
    const o = natsConnectionOptions(env, { name: 'warehouse-svc', inboxPrefix: '_INBOX.warehouse-svc' });
    expect(o).toMatchObject({
      servers: ['nats://a:4222', 'nats://b:4222'],
      user: 'warehouse-svc',
      pass: 'hunter2',
      inboxPrefix: '_INBOX.warehouse-svc',
      tls: { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') },
    });
  });

  it('accepts a creds file, an nkey seed file or a token, and NATS_TLS=true alone requires TLS', () => {
    expect(
      natsConnectionOptions(parseEnv(schema, { NATS_CREDS_FILE: file('u.creds', CREDS) }), { name: 'x' })
        .authenticator,
    ).toBeTypeOf('function');
    expect(
      natsConnectionOptions(parseEnv(schema, { NATS_NKEY_SEED_FILE: file('u.nk', `${SEED}\n`) }), {
        name: 'x',
      }).authenticator,
    ).toBeTypeOf('function');
    const token = natsConnectionOptions(parseEnv(schema, { NATS_TOKEN: 's3cret', NATS_TLS: 'true' }), {
      name: 'x',
    });
    expect(token).toMatchObject({ token: 's3cret', tls: {} });
    expect(natsConnectionOptions(parseEnv(schema, {}), { name: 'x' }).tls).toBeUndefined();
  });

  it('takes credentials written in the URL (user:password or a token) and strips them from the servers', () => {
    const pw = natsConnectionOptions(
      parseEnv(schema, { NATS_URL: 'nats://web:p%40ss@a:4222,nats://b:4222' }),
      {
        name: 'x',
      },
    );
    expect(pw).toMatchObject({ servers: ['nats://a:4222', 'nats://b:4222'], user: 'web', pass: 'p@ss' });
    expect(pw.inboxPrefix).toBe('_INBOX.web');
    const token = natsConnectionOptions(parseEnv(schema, { NATS_URL: 'tls://s3cret@a:4222' }), { name: 'x' });
    expect(token).toMatchObject({ servers: ['tls://a:4222'], token: 's3cret' });
    expect(token.user).toBeUndefined();
  });

  it('refuses credentials both in the URL and in a variable, or differing between URLs', () => {
    const both = configError({ NATS_URL: 'nats://t0ken@a:4222', NATS_TOKEN: 'other' });
    expect(both.message).toContain('NATS_URL: credentials in the URL and in NATS_TOKEN');
    expect(both.message).not.toContain('t0ken');
    const differ = configError({ NATS_URL: 'nats://u:one@a:4222,nats://u:two@b:4222' });
    expect(differ.message).toContain('NATS_URL: the URLs carry different credentials');
    expect(differ.message).not.toMatch(/one|two/);
  });

  it("reads replies under NATS_INBOX_PREFIX, else the caller's prefix, else _INBOX.<NATS_USER>", () => {
    const user = parseEnv(schema, { NATS_USER: 'web', NATS_PASSWORD: 'p' });
    expect(natsConnectionOptions(user, { name: 'x' }).inboxPrefix).toBe('_INBOX.web');
    expect(natsConnectionOptions(user, { name: 'x', inboxPrefix: '_INBOX.stats-svc' }).inboxPrefix).toBe(
      '_INBOX.stats-svc',
    );
    const set = parseEnv(schema, { NATS_INBOX_PREFIX: '_I.ops', NATS_USER: 'web', NATS_PASSWORD: 'p' });
    expect(natsConnectionOptions(set, { name: 'x', inboxPrefix: '_INBOX.a' }).inboxPrefix).toBe('_I.ops');
    expect(natsConnectionOptions(parseEnv(schema, {}), { name: 'x' }).inboxPrefix).toBeUndefined();
  });

  it.each([
    [{ NATS_INBOX_PREFIX: '_INBOX.>' }, 'NATS_INBOX_PREFIX', 'expected dot-separated tokens'],
    [{ NATS_PASSWORD: 'p' }, 'NATS_PASSWORD', 'requires NATS_USER'],
    [{ NATS_USER: 'web' }, 'NATS_USER', 'requires NATS_PASSWORD'],
    [{ NATS_USER: 'web', NATS_PASSWORD: 'p', NATS_TOKEN: 't' }, 'NATS_TOKEN', 'set only one of'],
    [{ NATS_TLS_CERT: '/etc/hostname' }, 'NATS_TLS_CERT', 'expected a PEM certificate'],
    [{ NATS_TLS_CA: '/nonexistent/ca.crt' }, 'NATS_TLS_CA', 'cannot read the file'],
    [{ NATS_CREDS_FILE: '/etc/hostname' }, 'NATS_CREDS_FILE', 'expected a .creds file'],
    [{ NATS_NKEY_SEED_FILE: '/nonexistent' }, 'NATS_NKEY_SEED_FILE', 'cannot read the file'],
    [{ NATS_TLS: 'maybe' }, 'NATS_TLS', 'expected true or false'],
  ])('refuses %o, naming %s', (env, variable, message) => {
    const e = configError(env as Record<string, string>);
    expect(e.variables).toContain(variable);
    expect(e.message).toContain(`${variable}: ${message}`);
  });

  it('asks for the key with a client certificate and never echoes secrets back', () => {
    const e = configError({ NATS_TLS_CERT: file('only.crt', PEM), NATS_PASSWORD: 'hunter2' });
    expect(e.message).toContain('NATS_TLS_KEY: required with NATS_TLS_CERT');
    expect(e.message).not.toContain('hunter2');
  });

  it('masks credentials of a bad NATS_URL in the start-up error', () => {
    const e = configError({ NATS_URL: 'nats://web:hunter2@nats:4222,http://x' });
    expect(e.message).toContain('NATS_URL: expected nats://host:port');
    expect(e.message).toContain('nats://web:***@nats:4222');
    expect(e.message).not.toContain('hunter2');
  });

  it('is the same schema the CLI and a web tier parse alone', () => {
    expect(natsSettingsSchema.safeParse({ NATS_USER: 'web' }).success).toBe(false);
    expect(natsSettingsSchema.parse({}).NATS_URL).toBe('nats://127.0.0.1:4222');
  });
});

describe('redactNatsUrls', () => {
  it.each([
    ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4222'],
    ['nats://web:hunter2@nats:4222', 'nats://web:***@nats:4222'],
    ['tls://s3cr3t-token@nats:4222', 'tls://***@nats:4222'],
    ['nats://a:p@x:1, nats://b:q@y:2', 'nats://a:***@x:1,nats://b:***@y:2'],
    ['nats://u:p@ss@h:4222', 'nats://u:***@h:4222'],
  ])('%s → %s', (raw, shown) => {
    expect(redactNatsUrls(raw)).toBe(shown);
  });
});
