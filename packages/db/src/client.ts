import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import * as schema from './schema/index.js';

export type Database = PostgresJsDatabase<typeof schema>;

export interface DbClient {
  /** postgres.js tagged-template client (raw SQL, batched ledger writes). */
  readonly sql: Sql;
  /** drizzle over the same pool. */
  readonly db: Database;
  /**
   * A small pool whose commits do not wait for the WAL flush (`synchronous_commit=off`):
   * for writes that may be lost in a database crash without harm (running marks,
   * progress, leases). Still atomic and ordered before any later durable commit.
   */
  readonly relaxedSql: Sql;
  /**
   * The task ledger's durable pool. Its batched statements join `task_runs` to a JSON list of
   * ids; until autovacuum has analysed a young table the planner picks a sequential scan per
   * batch for those (a cost that grows with the table), so this pool turns sequential scans
   * off: the ledger only ever reads and writes rows by primary key or by an index.
   */
  readonly ledgerSql: Sql;
  close(): Promise<void>;
}

export interface DbClientOptions {
  /** Pool size. @default 10 */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** One pool per process; close it on shutdown. */
export function createDbClient(url: string, options: DbClientOptions = {}): DbClient {
  const max = options.max ?? 10;
  const settings = {
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'repowiki-tasks' },
  };
  const sql = postgres(url, { ...settings, max });
  // json/jsonb parameters: a string is taken as JSON text as it is (`${JSON.stringify(v)}::jsonb`,
  // the convention everywhere in this repo); anything else is serialised.
  const jsonText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const serializers = sql.options.serializers as Record<number, (v: unknown) => string>;
  serializers[114] = jsonText;
  serializers[3802] = jsonText;
  // drizzle replaces the date/timestamp parsers of the client it wraps (it maps columns
  // itself), which would make raw `sql` queries return timestamps as strings: it gets a
  // pool of its own.
  const drizzleSql = postgres(url, { ...settings, max: Math.max(1, Math.ceil(max / 2)) });
  const db = drizzle(drizzleSql, { schema, casing: 'snake_case' });
  const indexOnly = { enable_seqscan: 'off' };
  const relaxedSql = postgres(url, {
    ...settings,
    max: 4,
    connection: { ...settings.connection, ...indexOnly, synchronous_commit: 'off' },
  });
  const ledgerSql = postgres(url, {
    ...settings,
    max: 4,
    connection: { ...settings.connection, ...indexOnly },
  });
  for (const pool of [relaxedSql, ledgerSql]) {
    (pool.options.serializers as Record<number, (v: unknown) => string>)[114] = jsonText;
    (pool.options.serializers as Record<number, (v: unknown) => string>)[3802] = jsonText;
  }
  return {
    sql,
    db,
    relaxedSql,
    ledgerSql,
    close: async () => {
      await Promise.all([sql, drizzleSql, relaxedSql, ledgerSql].map((pool) => pool.end({ timeout: 5 })));
    },
  };
}
