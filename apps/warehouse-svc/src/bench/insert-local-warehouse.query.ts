import { basename, dirname } from 'node:path';
import type { DbClient } from '@repowiki/db';

/**
 * Registers a local folder as `tasks warehouse add <dir>` does: type `file`, named after the
 * folder, organisation after its parent, default branch. Returns the warehouse id.
 */
export async function insertLocalWarehouse(db: DbClient, dir: string): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into warehouses (name, organization_name, address, type, branch, status)
    values (${basename(dir)}, ${basename(dirname(dir))}, ${dir}, 'file', '', 'pending')
    returning id`;
  if (!row) throw new Error('warehouse insert returned no row');
  return row.id;
}
