import type { Queue, TaskState, WarehouseStatus } from '@repowiki/contracts';

/*
 * The few values the command table needs before any command runs: option descriptions, their
 * parsers (`--queue`, `--state`, `--status`) and the `--help` defaults. They are spelt here
 * rather than imported so that building the table loads neither zod (every schema of
 * @repowiki/contracts) nor @repowiki/runtime: `tasks --help` starts in a tenth of the time.
 * contracts and runtime stay the source: names.test.ts fails when one of these differs.
 */

/** `QUEUES` of @repowiki/contracts. */
export const QUEUES: readonly Queue[] = ['warehouse', 'statistics', 'accesslog', 'minimap', 'migration'];

/** `TASK_STATES` of @repowiki/contracts. */
export const TASK_STATES: readonly TaskState[] = [
  'PENDING',
  'STARTED',
  'PROGRESS',
  'RETRY',
  'SUCCESS',
  'FAILURE',
  'REVOKED',
];

/** `WarehouseStatusSchema.options` of @repowiki/contracts. */
export const WAREHOUSE_STATUSES: readonly WarehouseStatus[] = [
  'pending',
  'processing',
  'completed',
  'canceled',
  'unauthorized',
  'failed',
];

/** `DEV_DATABASE_URL` of @repowiki/runtime/client: the dev database of the services. */
export const DEV_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `redactNatsUrls` of @repowiki/runtime/client, for the `--nats-url` default in `--help`:
 * every password (or token) of a comma-separated URL list masked.
 */
export function redactNatsUrls(urls: string): string {
  return urls
    .split(',')
    .map((raw) => {
      const u = raw.trim();
      const at = u.lastIndexOf('@');
      if (at === -1) return u;
      const scheme = u.indexOf('://');
      const userinfo = u.slice(scheme === -1 ? 0 : scheme + 3, at);
      const colon = userinfo.indexOf(':');
      const shown = colon === -1 ? '***' : `${userinfo.slice(0, colon)}:***`;
      return `${scheme === -1 ? '' : u.slice(0, scheme + 3)}${shown}${u.slice(at)}`;
    })
    .join(',');
}
