import type { DbClient } from '../client.js';

export interface WikiPageRow {
  catalogId: string;
  url: string;
  title: string;
  content: string;
  sources: { address: string; name: string }[];
}

/** The generated page of one catalog node of a warehouse, with the files it was written from. */
export async function wikiPage(
  db: DbClient,
  warehouseId: string,
  catalogId: string,
): Promise<WikiPageRow | undefined> {
  const [row] = await db.sql<WikiPageRow[]>`
    select c.id as "catalogId", c.url, f.title, f.content,
           coalesce((select json_agg(json_build_object('address', s.address, 'name', s.name) order by s.address)
                     from document_file_item_sources s where s.document_file_item_id = f.id), '[]'::json) as sources
    from document_catalogs c join document_file_items f on f.document_catalog_id = c.id
    where c.warehouse_id = ${warehouseId} and c.id = ${catalogId} and not c.is_deleted`;
  return row;
}
