import type { DbClient } from '../client.js';

export interface WarehousePage {
  /** The catalog node's id and its stable slug. */
  catalogId: string;
  url: string;
  name: string;
  title: string;
  /** The page's Markdown as stored: render it only through a sanitiser (SECURITY.md). */
  content: string;
  /** The repository files the page was written from (its citations). */
  sources: { address: string; name: string }[];
  updatedAt: Date;
}

/** The generated page of catalog node `url` (read-only: warehouse-svc writes pages). */
export async function warehousePage(
  db: DbClient,
  warehouseId: string,
  url: string,
): Promise<WarehousePage | undefined> {
  const [row] = await db.sql<WarehousePage[]>`
    select c.id as "catalogId", c.url, c.name, f.title, f.content, f.updated_at as "updatedAt",
           coalesce((select json_agg(json_build_object('address', s.address, 'name', s.name) order by s.address)
                     from document_file_item_sources s where s.document_file_item_id = f.id), '[]'::json) as sources
    from document_catalogs c join document_file_items f on f.document_catalog_id = c.id
    where c.warehouse_id = ${warehouseId} and c.url = ${url} and not c.is_deleted`;
  return row;
}
