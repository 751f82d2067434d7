import type { DbClient } from '@repowiki/db';

/** Live catalog rows keyed by url, with the sources their page recorded. */
export interface StoredPage {
  readonly id: string;
  readonly url: string;
  readonly sources: string[];
}

export async function loadLivePages(db: DbClient, warehouseId: string): Promise<Map<string, StoredPage>> {
  const rows = await db.sql<{ id: string; url: string; sources: string[] | null }[]>`
    select c.id, c.url, array_agg(s.address order by s.address) filter (where s.address is not null) as sources
    from document_catalogs c
    left join document_file_items i on i.document_catalog_id = c.id
    left join document_file_item_sources s on s.document_file_item_id = i.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    group by c.id, c.url`;
  return new Map(rows.map((r) => [r.url, { id: r.id, url: r.url, sources: r.sources ?? [] }]));
}
