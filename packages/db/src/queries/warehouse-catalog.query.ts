import type { DbClient } from '../client.js';

export interface CatalogNode {
  id: string;
  parentId: string | null;
  name: string;
  url: string;
  order: number;
  isCompleted: boolean;
  /** Title of the generated page, when there is one. */
  pageTitle: string | null;
}

export async function catalogOf(db: DbClient, warehouseId: string): Promise<CatalogNode[]> {
  return db.sql<CatalogNode[]>`
    select c.id, c.parent_id as "parentId", c.name, c.url, c."order", c.is_completed as "isCompleted",
           f.title as "pageTitle"
    from document_catalogs c left join document_file_items f on f.document_catalog_id = c.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    order by c."order", c.name`;
}
