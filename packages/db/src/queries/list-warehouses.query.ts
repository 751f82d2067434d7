import type { DbClient } from '../client.js';

export interface WarehouseListRow {
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
  updatedAt: Date;
  /** The newest `process`/`update` run of the warehouse (`task_runs_warehouse_idx`). */
  taskId: string | null;
  taskState: string | null;
  progress: Record<string, unknown> | null;
}

/**
 * Warehouses that are not deleted, newest change first (`warehouses_status_updated_idx` when
 * filtered by status), each with its newest processing run and that run's progress.
 */
export async function listWarehouses(
  db: DbClient,
  options: { status?: string | undefined; id?: string | undefined; limit: number },
): Promise<WarehouseListRow[]> {
  const s = db.sql;
  return s<WarehouseListRow[]>`
    select w.id, w.name, w.organization_name as "organizationName", w.address, w.type, w.branch, w.status,
           w.error, w.version, w.classify, w.updated_at as "updatedAt",
           r.id as "taskId", r.state as "taskState", r.progress
    from warehouses w
    left join lateral (
      select id, state, progress from task_runs
      where name in ('tasks.warehouse.process', 'tasks.warehouse.update') and payload->>'warehouseId' = w.id::text
      order by submitted_at desc limit 1
    ) r on true
    where not w.is_deleted
      ${options.status ? s`and w.status = ${options.status}` : s``}
      ${options.id ? s`and w.id = ${options.id}` : s``}
    order by w.updated_at desc limit ${options.limit}`;
}
