import type { DbClient } from '@repowiki/db';
import type { PagePlan } from '../generate/catalog-plan.js';

/** Inserts or updates the catalog node of `page` (parents MUST come first); returns its id. */
export async function upsertCatalogNode(
  db: DbClient,
  ids: { warehouseId: string; documentId: string; parentId: string | null; existingId?: string },
  page: PagePlan,
): Promise<string> {
  if (ids.existingId) {
    await db.sql`
      update document_catalogs set name = ${page.name}, description = ${page.description}, "order" = ${page.order},
        parent_id = ${ids.parentId}, updated_at = now()
      where id = ${ids.existingId}`;
    return ids.existingId;
  }
  const [row] = await db.sql<{ id: string }[]>`
    insert into document_catalogs (warehouse_id, document_id, parent_id, name, url, description, "order", prompt)
    values (${ids.warehouseId}, ${ids.documentId}, ${ids.parentId}, ${page.name}, ${page.url}, ${page.description},
      ${page.order}, ${`kind:${page.kind}`})
    returning id`;
  if (!row) throw new Error('catalog insert returned no row');
  return row.id;
}
