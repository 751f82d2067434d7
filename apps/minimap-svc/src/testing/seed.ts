import { randomUUID } from 'node:crypto';
import type { DbClient } from '@repowiki/db';

type Sql = DbClient['sql'];

export async function insertWarehouse(
  sql: Sql,
  w: { name?: string; status?: string; createdAt?: string; isDeleted?: boolean; version?: string } = {},
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into warehouses (organization_name, name, address, status, created_at, is_deleted, version)
    values ('acme', ${w.name ?? randomUUID()}, 'https://example.com/x.git', ${w.status ?? 'completed'},
            ${w.createdAt ?? new Date().toISOString()}, ${w.isDeleted ?? false}, ${w.version ?? null})
    returning id`;
  return row!.id;
}

export async function insertDocument(
  sql: Sql,
  warehouseId: string,
  gitPath = '/nonexistent/clone',
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into documents (warehouse_id, git_path) values (${warehouseId}, ${gitPath}) returning id`;
  return row!.id;
}

/** A wiki page with the repository files it was generated from. */
export async function insertPage(
  sql: Sql,
  p: {
    warehouseId: string;
    documentId: string;
    name: string;
    order?: number;
    parentId?: string;
    sources?: string[];
  },
): Promise<string> {
  const [page] = await sql<{ id: string }[]>`
    insert into document_catalogs (warehouse_id, document_id, parent_id, name, url, "order")
    values (${p.warehouseId}, ${p.documentId}, ${p.parentId ?? null}, ${p.name}, ${randomUUID()}, ${p.order ?? 0})
    returning id`;
  if (p.sources?.length) {
    const [item] = await sql<{ id: string }[]>`
      insert into document_file_items (document_catalog_id, title) values (${page!.id}, ${p.name}) returning id`;
    for (const address of p.sources) {
      await sql`insert into document_file_item_sources (document_file_item_id, address, name)
                values (${item!.id}, ${address}, ${address.split('/').pop()!})`;
    }
  }
  return page!.id;
}

/** A code outline as warehouse-svc stores it (`code_outlines`). */
export async function insertOutline(sql: Sql, warehouseId: string, value: unknown): Promise<void> {
  await sql`insert into code_outlines (warehouse_id, value) values (${warehouseId}, ${JSON.stringify(value)}::jsonb)`;
}
