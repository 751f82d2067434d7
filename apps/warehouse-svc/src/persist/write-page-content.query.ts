import type { DbClient } from '@repowiki/db';
import type { PagePlan } from '../generate/catalog-plan.js';

/**
 * Writes a page's content and its sources in one transaction and marks the node completed.
 * `inputs` (the digest of what the page was written from) goes to `metadata.inputs`:
 * `update` compares it to decide whether the page must be written again.
 */
export async function writePageContent(
  db: DbClient,
  catalogId: string,
  page: PagePlan,
  content: string,
  inputs: string,
): Promise<void> {
  await db.sql.begin(async (tx) => {
    const [item] = await tx<{ id: string }[]>`
      insert into document_file_items (document_catalog_id, title, description, content, size, metadata)
      values (${catalogId}, ${page.name}, ${page.description}, ${content}, ${Buffer.byteLength(content)},
        ${JSON.stringify({ kind: page.kind, module: page.moduleKey ?? null, inputs })}::jsonb)
      on conflict (document_catalog_id) do update set title = excluded.title, description = excluded.description,
        content = excluded.content, size = excluded.size, metadata = excluded.metadata, updated_at = now()
      returning id`;
    if (!item) throw new Error('file item upsert returned no row');
    await tx`delete from document_file_item_sources where document_file_item_id = ${item.id}`;
    const rows = page.sources.map((address) => ({
      document_file_item_id: item.id,
      address,
      name: address.split('/').pop() ?? address,
    }));
    for (let i = 0; i < rows.length; i += 1_000)
      await tx`insert into document_file_item_sources ${tx(rows.slice(i, i + 1_000))}`;
    await tx`update document_catalogs set is_completed = true, updated_at = now() where id = ${catalogId}`;
  });
}
