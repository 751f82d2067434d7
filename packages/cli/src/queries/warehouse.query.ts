import type { DbClient } from '@repowiki/db';

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

/** The id of an existing user, so that `--user` can also set the creator. */
export async function existingUserId(db: DbClient, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.sql<{ id: string }[]>`select id from users where id = ${id}`;
  return row?.id ?? null;
}

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

export interface CatalogNode {
  id: string;
  parentId: string | null;
  name: string;
  url: string;
  order: number;
  isCompleted: boolean;
  /** Title of the generated page, when there is one. */
  pageTitle: string | null;
}

export async function getWarehouse(db: DbClient, id: string): Promise<WarehouseView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.sql<WarehouseView[]>`
    select id, name, organization_name as "organizationName", address, type, branch, status, error, version,
           classify, is_deleted as "isDeleted", created_at as "createdAt", updated_at as "updatedAt"
    from warehouses where id = ${id}`;
  return row;
}

export async function catalogOf(db: DbClient, warehouseId: string): Promise<CatalogNode[]> {
  return db.sql<CatalogNode[]>`
    select c.id, c.parent_id as "parentId", c.name, c.url, c."order", c.is_completed as "isCompleted",
           f.title as "pageTitle"
    from document_catalogs c left join document_file_items f on f.document_catalog_id = c.id
    where c.warehouse_id = ${warehouseId} and not c.is_deleted
    order by c."order", c.name`;
}
