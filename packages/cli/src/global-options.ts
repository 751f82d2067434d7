import { DEV_DATABASE_URL } from '@repowiki/runtime/client';
import { type Command, InvalidArgumentError } from 'commander';

/** Options every command accepts; flags override the environment. */
export interface GlobalOptions {
  natsUrl: string;
  databaseUrl: string;
  /** Prefix of subjects and streams (NATS_NAMESPACE). */
  namespace: string;
  json: boolean;
  /** Connect timeout for NATS and PostgreSQL, ms. */
  connectTimeout: number;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option(
      '--nats-url <url>',
      'NATS server(s), comma-separated [env NATS_URL]',
      process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    )
    .option(
      '--database-url <url>',
      'PostgreSQL URL [env DATABASE_URL]',
      process.env.DATABASE_URL ?? DEV_DATABASE_URL,
    )
    .option(
      '--namespace <ns>',
      'subject/stream namespace [env NATS_NAMESPACE]',
      process.env.NATS_NAMESPACE ?? '',
    )
    .option('--json', 'machine-readable JSON on stdout', false)
    .option(
      '--connect-timeout <ms>',
      'fail when NATS or PostgreSQL do not answer within this many ms',
      toInt,
      3_000,
    );
}

export function toInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`not a non-negative integer: ${value}`);
  return n;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}
