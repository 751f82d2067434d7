import type { Classification, MiniMapNode, WarehouseStatus } from '@repowiki/contracts';
import { type DbClient, documents, eq, warehouses } from '@repowiki/db';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { CommitInfo } from '../source/git-history.js';

export type WarehouseRow = typeof warehouses.$inferSelect;

export async function loadWarehouse(db: DbClient, id: string): Promise<WarehouseRow | undefined> {
  const [row] = await db.db.select().from(warehouses).where(eq(warehouses.id, id));
  return row && !row.isDeleted ? row : undefined;
}

export async function setWarehouseStatus(
  db: DbClient,
  id: string,
  status: WarehouseStatus,
  error: string | null = null,
): Promise<void> {
  await db.db.update(warehouses).set({ status, error, updatedAt: new Date() }).where(eq(warehouses.id, id));
}

/**
 * Replaces a stored address that carries credentials (`https://TOKEN@host/…`, refused
 * before git ran) by its redacted form, so the token does not stay in the table.
 */
export async function redactWarehouseAddress(db: DbClient, id: string, address: string): Promise<void> {
  await db.db.update(warehouses).set({ address }).where(eq(warehouses.id, id));
}

export interface WarehouseFacts {
  readonly version: string;
  readonly readme: string;
  readonly optimizedDirectoryStructure: string;
  readonly classify: Classification;
}

export async function saveWarehouseFacts(
  db: DbClient,
  id: string,
  facts: Partial<WarehouseFacts>,
): Promise<void> {
  await db.db
    .update(warehouses)
    .set({ ...facts, updatedAt: new Date() })
    .where(eq(warehouses.id, id));
}

/** One document per warehouse (unique); returns its id. */
export async function upsertDocument(
  db: DbClient,
  warehouseId: string,
  gitPath: string,
  status: string,
): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into documents (warehouse_id, git_path, status, last_update)
    values (${warehouseId}, ${gitPath}, ${status}, now())
    on conflict (warehouse_id) do update set git_path = excluded.git_path, status = excluded.status,
      last_update = now(), updated_at = now()
    returning id`;
  if (!row) throw new Error('document upsert returned no row');
  return row.id;
}

export async function touchDocument(db: DbClient, warehouseId: string, status: string): Promise<void> {
  await db.db
    .update(documents)
    .set({ status, lastUpdate: new Date(), updatedAt: new Date() })
    .where(eq(documents.warehouseId, warehouseId));
}

export async function upsertOverview(
  db: DbClient,
  documentId: string,
  title: string,
  content: string,
): Promise<void> {
  await db.sql`
    insert into document_overviews (document_id, title, content) values (${documentId}, ${title}, ${content})
    on conflict (document_id) do update set title = excluded.title, content = excluded.content, updated_at = now()`;
}

export async function upsertMinimap(db: DbClient, warehouseId: string, map: MiniMapNode): Promise<void> {
  await db.sql`
    insert into minimaps (warehouse_id, value) values (${warehouseId}, ${JSON.stringify(map)}::jsonb)
    on conflict (warehouse_id) do update set value = excluded.value, updated_at = now()`;
}

/** Idempotent: a commit already recorded for the warehouse is left as it is. */
export async function appendCommitRecords(
  db: DbClient,
  warehouseId: string,
  commits: readonly CommitInfo[],
): Promise<number> {
  if (commits.length === 0) return 0;
  const rows = commits.map((c) => ({
    warehouse_id: warehouseId,
    commit_id: c.id,
    commit_message: c.body ? `${c.title}\n\n${c.body}` : c.title,
    title: c.title,
    description: c.files.slice(0, 20).join(', '),
    author: c.author,
    last_update: c.date.toISOString(),
  }));
  const inserted =
    await db.sql`insert into document_commit_records ${db.sql(rows)} on conflict (warehouse_id, commit_id) do nothing returning id`;
  return inserted.length;
}

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

/** Writes a page's content and its sources in one transaction and marks the node completed. */
export async function writePageContent(
  db: DbClient,
  catalogId: string,
  page: PagePlan,
  content: string,
): Promise<void> {
  await db.sql.begin(async (tx) => {
    const [item] = await tx<{ id: string }[]>`
      insert into document_file_items (document_catalog_id, title, description, content, size, metadata)
      values (${catalogId}, ${page.name}, ${page.description}, ${content}, ${Buffer.byteLength(content)},
        ${JSON.stringify({ kind: page.kind, module: page.moduleKey ?? null })}::jsonb)
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

export async function softDeletePages(db: DbClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.sql`update document_catalogs set is_deleted = true, deleted_at = now(), updated_at = now() where id = any(${ids as string[]}::uuid[])`;
}

/** `process` starts from a clean slate so a retried or reset run never mixes two wikis. */
export async function clearWiki(db: DbClient, warehouseId: string): Promise<void> {
  await db.sql`delete from document_catalogs where warehouse_id = ${warehouseId}`;
}
