import type { DbClient } from '../client.js';

export interface WarehouseView {
  id: string;
  name: string;
  organizationName: string;
  address: string;
  type: string;
  branch: string;
  status: string;
  error: string | null;
  version: string | null;
  classify: string | null;
  isDeleted: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export async function getWarehouse(db: DbClient, id: string): Promise<WarehouseView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.sql<WarehouseView[]>`
    select id, name, organization_name as "organizationName", address, type, branch, status, error, version,
           classify, is_deleted as "isDeleted", created_at as "createdAt", updated_at as "updatedAt"
    from warehouses where id = ${id}`;
  return row;
}
