import type { DbClient } from '@repowiki/db';

/** A live catalog row with what its page recorded when it was last written. */
export interface StoredPage {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly description: string;
  readonly order: number;
  readonly parentId: string | null;
  readonly sources: string[];
  /** `metadata.inputs` of its content: the digest of what it was written from (page-digest.ts). */
  readonly inputs?: string;
}

export async function loadLivePages(db: DbClient, warehouseId: string): Promise<Map<string, StoredPage>> {
  const rows = await db.sql<
    {
      id: string;
      url: string;
      name: string;
      description: string;
      order: number;
      parent_id: string | null;
      inputs: string | null;
      sources: string[] | null;
    }[]
  >`
    select c.id, c.url, c.name, c.description, c."order", c.parent_id, i.metadata->>'inputs' as inputs,
      array_agg(s.address order by s.address) filter (where s.address is not null) as sources
    from document_catalogs c
    left join document_file_items i on i.document_catalog_id = c.id
    left join document_file_item_sources s on s.document_file_item_id = i.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    group by c.id, i.id`;
  return new Map(
    rows.map((r) => [
      r.url,
      {
        id: r.id,
        url: r.url,
        name: r.name,
        description: r.description,
        order: r.order,
        parentId: r.parent_id,
        sources: r.sources ?? [],
        ...(r.inputs ? { inputs: r.inputs } : {}),
      },
    ]),
  );
}
