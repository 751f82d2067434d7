import type { DbClient } from '@repowiki/db';

/** Live (not soft-deleted) rows of the main tables, for the `system` snapshot. */
export async function readSystemCounts(sql: DbClient['sql']): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>[]>`
    select
      (select count(*) from users where not is_deleted)::int as users,
      (select count(*) from warehouses where not is_deleted)::int as warehouses,
      (select count(*) from warehouses where not is_deleted and status = 'completed')::int as "completedWarehouses",
      (select count(*) from warehouses where not is_deleted and status in ('pending', 'processing'))::int as "queuedWarehouses",
      (select count(*) from warehouses where not is_deleted and status = 'failed')::int as "failedWarehouses",
      (select count(*) from documents)::int as documents,
      (select count(*) from document_catalogs where not is_deleted)::int as pages,
      (select count(*) from access_records)::int as "accessRecords"`;
  return { ...row };
}
