import type { DbClient } from '@repowiki/db';

export interface WarehousePage {
  url: string;
  name: string;
  title: string;
  content: string;
  updatedAt: Date;
}

/** The generated page of catalog node `url` (read-only: warehouse-svc writes pages). */
export async function warehousePage(
  db: DbClient,
  warehouseId: string,
  url: string,
): Promise<WarehousePage | undefined> {
  const [row] = await db.sql<WarehousePage[]>`
    select c.url, c.name, f.title, f.content, f.updated_at as "updatedAt"
    from document_catalogs c join document_file_items f on f.document_catalog_id = c.id
    where c.warehouse_id = ${warehouseId} and c.url = ${url} and not c.is_deleted`;
  return row;
}
