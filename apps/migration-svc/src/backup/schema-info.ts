import type { DbClient } from '@repowiki/db';
import { quoteIdent } from './identifiers.js';

/** The pool or a transaction of it (postgres.js `TransactionSql`, spelt without a direct dependency). */
type Sql = DbClient['sql'] | Parameters<Parameters<DbClient['sql']['begin']>[1]>[0];

/**
 * Tables of the public schema, parents before children (foreign keys), so that restoring in
 * this order satisfies every constraint. Self-references are checked per statement.
 * @throws NonRetriableError when a table's name is not a plain identifier (`identifiers.ts`)
 */
export async function tablesInDependencyOrder(sql: Sql): Promise<string[]> {
  const tables = (
    await sql<{ name: string }[]>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`
  ).map((t) => t.name);
  for (const t of tables) quoteIdent(t, 'table');
  const edges = await sql<{ child: string; parent: string }[]>`
    select ch.relname as child, pa.relname as parent
    from pg_constraint c
    join pg_class ch on ch.oid = c.conrelid
    join pg_class pa on pa.oid = c.confrelid
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.conrelid <> c.confrelid`;
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (done.has(table) || path.has(table)) return;
    path.add(table);
    for (const e of edges) if (e.child === table) visit(e.parent, path);
    done.add(table);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/** The newest applied drizzle migration, '' on a database never migrated by drizzle. */
export async function readSchemaVersion(sql: Sql): Promise<string> {
  const [exists] = await sql<
    { t: string | null }[]
  >`select to_regclass('drizzle.__drizzle_migrations')::text as t`;
  if (!exists?.t) return '';
  const [row] = await sql<
    { v: string | null }[]
  >`select max(created_at)::text as v from drizzle.__drizzle_migrations`;
  return row?.v ?? '';
}
