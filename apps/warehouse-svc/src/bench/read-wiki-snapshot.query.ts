import type { DbClient } from '@repowiki/db';
import type { WikiPage, WikiSnapshot } from './wiki-snapshot.js';

/**
 * The stored wiki of a warehouse: live catalog pages with their content and sources, the
 * overview and the mind map (`document_catalogs`, `document_file_items`,
 * `document_file_item_sources`, `document_overviews`, `minimaps`).
 */
export async function readWikiSnapshot(db: DbClient, warehouseId: string): Promise<WikiSnapshot> {
  const pages = await db.sql<WikiPage[]>`
    select c.url, c.name, p.url as "parentUrl", c."order", coalesce(i.content, '') as content,
      coalesce(array_agg(s.address order by s.address) filter (where s.address is not null), '{}') as sources
    from document_catalogs c
    left join document_catalogs p on p.id = c.parent_id
    left join document_file_items i on i.document_catalog_id = c.id
    left join document_file_item_sources s on s.document_file_item_id = i.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    group by c.id, p.url, i.content
    order by c."order", c.url`;
  const [overview] = await db.sql<{ content: string }[]>`
    select o.content from document_overviews o join documents d on d.id = o.document_id
    where d.warehouse_id = ${warehouseId}`;
  const [map] = await db.sql<
    { value: unknown }[]
  >`select value from minimaps where warehouse_id = ${warehouseId}`;
  return {
    pages: pages.map((p) => ({ ...p, sources: [...p.sources] })),
    overview: overview?.content ?? null,
    minimap: map?.value ?? null,
  };
}
