import type { DbClient } from '@repowiki/db';

export interface WarehouseHeader {
  id: string;
  /** `org/repo`, or just `repo` when the warehouse has no organisation. */
  repositoryKey: string;
}

/** The warehouse (not soft-deleted), or undefined. */
export async function findWarehouse(
  sql: DbClient['sql'],
  warehouseId: string,
): Promise<WarehouseHeader | undefined> {
  const [row] = await sql<WarehouseHeader[]>`
    select id, case when organization_name = '' then name else organization_name || '/' || name end as "repositoryKey"
    from warehouses where id = ${warehouseId} and not is_deleted`;
  return row;
}

/** Wiki pages, generated files, source files and update-log commits of one warehouse. */
export async function readWarehouseCounts(
  sql: DbClient['sql'],
  warehouseId: string,
): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>[]>`
    with pages as (
      select id, is_completed from document_catalogs where warehouse_id = ${warehouseId} and not is_deleted
    ), files as (
      select f.id from document_file_items f join pages p on p.id = f.document_catalog_id
    )
    select
      (select count(*) from pages)::int as pages,
      (select count(*) from pages where is_completed)::int as "completedPages",
      (select count(*) from files)::int as files,
      (select count(distinct s.address) from document_file_item_sources s join files f on f.id = s.document_file_item_id)::int
        as "sourceFiles",
      (select count(*) from document_commit_records where warehouse_id = ${warehouseId})::int as commits`;
  return { ...row };
}
