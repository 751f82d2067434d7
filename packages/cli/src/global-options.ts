import type { NatsSettings } from '@repowiki/runtime/client';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { usageError } from './cli.errors.js';
import { DEV_DATABASE_URL, redactNatsUrls } from './names.js';

/** Options every command accepts; flags override the environment. */
export interface GlobalOptions {
  natsUrl: string;
  databaseUrl: string;
  /** Prefix of subjects and streams (NATS_NAMESPACE). */
  namespace: string;
  json: boolean;
  /** Connect timeout for NATS and PostgreSQL, ms. */
  connectTimeout: number;
  natsUser?: string;
  natsCreds?: string;
  natsNkey?: string;
  natsTls?: boolean;
  natsTlsCa?: string;
  natsTlsCert?: string;
  natsTlsKey?: string;
  natsInboxPrefix?: string;
}

/**
 * NATS flags and the variable each stands for. Secrets (NATS_PASSWORD, NATS_TOKEN) have no
 * flag: a command line is visible to every user of the machine (`ps`) and kept in shell
 * history. Files (creds, nkey seed, TLS) are named by path.
 */
const NATS_FLAGS = {
  NATS_URL: '--nats-url',
  NATS_USER: '--nats-user',
  NATS_CREDS_FILE: '--nats-creds',
  NATS_NKEY_SEED_FILE: '--nats-nkey',
  NATS_TLS: '--nats-tls',
  NATS_TLS_CA: '--nats-tls-ca',
  NATS_TLS_CERT: '--nats-tls-cert',
  NATS_TLS_KEY: '--nats-tls-key',
  NATS_INBOX_PREFIX: '--nats-inbox-prefix',
} as const;

export function addGlobalOptions(program: Command): Command {
  const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  const databaseUrl = process.env.DATABASE_URL || DEV_DATABASE_URL;
  return (
    program
      // Defaults from the environment are shown in --help with their credentials masked.
      .addOption(
        new Option('--nats-url <url>', 'NATS server(s), comma-separated [env NATS_URL]').default(
          natsUrl,
          redactNatsUrls(natsUrl),
        ),
      )
      .addOption(
        new Option('--database-url <url>', 'PostgreSQL URL [env DATABASE_URL]').default(
          databaseUrl,
          redactUrl(databaseUrl),
        ),
      )
      .option(
        '--namespace <ns>',
        'subject/stream namespace [env NATS_NAMESPACE]',
        process.env.NATS_NAMESPACE ?? '',
      )
      .option('--nats-user <user>', 'NATS user; the password comes from env NATS_PASSWORD [env NATS_USER]')
      .option('--nats-creds <file>', 'NATS .creds file (JWT + nkey seed) [env NATS_CREDS_FILE]')
      .option('--nats-nkey <file>', 'NATS user nkey seed file [env NATS_NKEY_SEED_FILE]')
      .option('--nats-tls', 'require TLS (server certificate from a public CA) [env NATS_TLS]')
      .option('--nats-tls-ca <file>', 'CA that signed the NATS server certificate [env NATS_TLS_CA]')
      .option('--nats-tls-cert <file>', 'client certificate for NATS [env NATS_TLS_CERT]')
      .option('--nats-tls-key <file>', 'key of --nats-tls-cert [env NATS_TLS_KEY]')
      .option(
        '--nats-inbox-prefix <prefix>',
        'reply subjects prefix (default: _INBOX.<user> with a user) [env NATS_INBOX_PREFIX]',
      )
      .option('--json', 'machine-readable JSON on stdout', false)
      .option(
        '--connect-timeout <ms>',
        'fail when NATS or PostgreSQL do not answer within this many ms',
        toInt,
        3_000,
      )
  );
}

/**
 * The NATS settings of this run: the environment, overridden by flags, checked by the same
 * schema the services use (`natsSettingsSchema`). NATS_TOKEN and NATS_PASSWORD come from the
 * environment only. Loads @repowiki/runtime/client (zod) when a command first needs NATS.
 * @throws CliError (usage) naming the flag and the variable; never echoing a secret
 */
export async function natsSettings(
  o: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NatsSettings> {
  const { ConfigError, natsSettingsSchema, parseEnv } = await import('@repowiki/runtime/client');
  const input: Record<string, string | undefined> = {
    NATS_URL: o.natsUrl,
    NATS_USER: o.natsUser ?? env.NATS_USER,
    NATS_PASSWORD: env.NATS_PASSWORD,
    NATS_TOKEN: env.NATS_TOKEN,
    NATS_CREDS_FILE: o.natsCreds ?? env.NATS_CREDS_FILE,
    NATS_NKEY_SEED_FILE: o.natsNkey ?? env.NATS_NKEY_SEED_FILE,
    NATS_TLS: o.natsTls ? 'true' : env.NATS_TLS,
    NATS_TLS_CA: o.natsTlsCa ?? env.NATS_TLS_CA,
    NATS_TLS_CERT: o.natsTlsCert ?? env.NATS_TLS_CERT,
    NATS_TLS_KEY: o.natsTlsKey ?? env.NATS_TLS_KEY,
    NATS_INBOX_PREFIX: o.natsInboxPrefix ?? env.NATS_INBOX_PREFIX,
  };
  try {
    return parseEnv(natsSettingsSchema, input);
  } catch (e: unknown) {
    if (!(e instanceof ConfigError)) throw e;
    // "NATS_TLS_CA: cannot read…" → "--nats-tls-ca (NATS_TLS_CA): cannot read…"
    let message = e.message.replace(/^invalid configuration: /, 'invalid NATS settings: ');
    for (const [variable, flag] of Object.entries(NATS_FLAGS)) {
      message = message.replace(new RegExp(`\\b${variable}:`, 'g'), `${flag} (${variable}):`);
    }
    throw usageError(message);
  }
}

export function toInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`not a non-negative integer: ${value}`);
  return n;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** Drops the password from a URL shown to the user. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
