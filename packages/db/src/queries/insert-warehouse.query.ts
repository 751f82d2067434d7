import type { DbClient } from '../client.js';

export interface NewWarehouse {
  name: string;
  organizationName: string;
  address: string;
  type: 'git' | 'file';
  branch: string;
  creatorId: string | null;
}

export async function insertWarehouse(db: DbClient, w: NewWarehouse): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into warehouses (name, organization_name, address, type, branch, creator_id)
    values (${w.name}, ${w.organizationName}, ${w.address}, ${w.type}, ${w.branch}, ${w.creatorId})
    returning id`;
  return row!.id;
}
