import type { DbClient } from '@repowiki/db';

type Sql = DbClient['sql'];

export interface WarehouseForMap {
  id: string;
  title: string;
  version: string | null;
  /** Git URL or local path (never with credentials): gives the web links of a known host. */
  address: string;
  type: string;
  /** Clone or source directory on the worker's disk, when a document exists. */
  gitPath: string | null;
}

export async function findWarehouseForMap(
  sql: Sql,
  warehouseId: string,
): Promise<WarehouseForMap | undefined> {
  const [row] = await sql<WarehouseForMap[]>`
    select w.id, case when w.organization_name = '' then w.name else w.organization_name || '/' || w.name end as title,
           w.version, w.address, w.type, d.git_path as "gitPath"
    from warehouses w left join documents d on d.warehouse_id = w.id
    where w.id = ${warehouseId} and not w.is_deleted`;
  return row;
}

/** Every repository path the wiki pages of a warehouse were generated from. */
export async function loadSourceAddresses(sql: Sql, warehouseId: string): Promise<string[]> {
  const rows = await sql<{ address: string }[]>`
    select distinct s.address
    from document_file_item_sources s
    join document_file_items f on f.id = s.document_file_item_id
    join document_catalogs c on c.id = f.document_catalog_id
    where c.warehouse_id = ${warehouseId}`;
  return rows.map((r) => r.address);
}
