import type { DbClient } from '@repowiki/db';

export interface WarehouseRow {
  id: string;
  name: string;
  organizationName: string;
  status: string;
  branch: string;
  version: string | null;
  error: string | null;
  updatedAt: Date;
}

/**
 * Registered repositories, last changed first. Read-only (warehouse-svc owns the table);
 * with a status, `warehouses_status_updated_idx (status, updated_at) where not is_deleted`.
 */
export async function listWarehouses(
  db: DbClient,
  options: { status?: string | undefined; limit: number },
): Promise<WarehouseRow[]> {
  const s = db.sql;
  return s<WarehouseRow[]>`
    select id, name, organization_name as "organizationName", status, branch, version, error,
           updated_at as "updatedAt"
    from warehouses
    where not is_deleted ${options.status ? s`and status = ${options.status}` : s``}
    order by updated_at desc limit ${options.limit}`;
}
