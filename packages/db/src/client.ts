import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import * as schema from './schema/index.js';

export type Database = PostgresJsDatabase<typeof schema>;

export interface DbClient {
  /** postgres.js tagged-template client (raw SQL, batched ledger writes). */
  readonly sql: Sql;
  /** drizzle over the same pool. */
  readonly db: Database;
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
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'repowiki-tasks' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return {
    sql,
    db,
    close: () => sql.end({ timeout: 5 }),
  };
}
