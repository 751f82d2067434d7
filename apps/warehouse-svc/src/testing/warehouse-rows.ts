import type { DbClient } from '@repowiki/db';

/** Inserts a warehouse the way the registration path would; returns its id. */
export async function insertWarehouse(
  db: DbClient,
  fields: { address: string; name?: string; type?: 'git' | 'file'; branch?: string; status?: string },
): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into warehouses (name, address, type, branch, status)
    values (${fields.name ?? 'fixture'}, ${fields.address}, ${fields.type ?? 'git'}, ${fields.branch ?? ''}, ${fields.status ?? 'pending'})
    returning id`;
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export interface LivePage {
  id: string;
  url: string;
  name: string;
  parent_url: string | null;
  content: string | null;
  item_id: string | null;
  sources: string[];
}

/** The live wiki of a warehouse as a reader would see it: pages, content, sources. */
export async function readWiki(db: DbClient, warehouseId: string): Promise<LivePage[]> {
  return db.sql<LivePage[]>`
    select c.id, c.url, c.name, p.url as parent_url, i.content, i.id as item_id,
      coalesce(array_agg(s.address order by s.address) filter (where s.address is not null), '{}') as sources
    from document_catalogs c
    left join document_catalogs p on p.id = c.parent_id
    left join document_file_items i on i.document_catalog_id = c.id
    left join document_file_item_sources s on s.document_file_item_id = i.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    group by c.id, p.url, i.content, i.id
    order by p.url nulls first, c."order", c.url`;
}
