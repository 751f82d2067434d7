import { randomUUID } from 'node:crypto';
import type { DbClient } from '@repowiki/db';

type Sql = DbClient['sql'];
const iso = (d: string | Date | undefined) => (d === undefined ? new Date() : new Date(d)).toISOString();

export async function insertUser(sql: Sql, createdAt?: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into users (name, email, password, created_at)
    values ('u', ${`${randomUUID()}@example.com`}, 'x', ${iso(createdAt)}) returning id`;
  return row!.id;
}

export async function insertWarehouse(
  sql: Sql,
  w: { org?: string; name?: string; createdAt?: string; status?: string } = {},
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into warehouses (organization_name, name, address, status, created_at)
    values (${w.org ?? 'acme'}, ${w.name ?? randomUUID()}, 'https://example.com/x.git', ${w.status ?? 'pending'}, ${iso(w.createdAt)})
    returning id`;
  return row!.id;
}

export async function insertDocument(sql: Sql, warehouseId: string, createdAt?: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into documents (warehouse_id, git_path, created_at) values (${warehouseId}, '/tmp/x', ${iso(createdAt)}) returning id`;
  return row!.id;
}

export async function insertAccess(
  sql: Sql,
  a: {
    occurredAt?: string;
    ip?: string;
    userId?: string | null;
    resourceType?: string;
    resourceId?: string;
  } = {},
): Promise<void> {
  await sql`
    insert into access_records (message_id, resource_type, resource_id, user_id, ip_address, path, method, status_code, response_time, occurred_at)
    values (${randomUUID()}, ${a.resourceType ?? 'repository'}, ${a.resourceId ?? 'acme/wiki'}, ${a.userId ?? null},
            ${a.ip ?? '203.0.113.1'}, '/', 'GET', 200, 1, ${iso(a.occurredAt)})`;
}
