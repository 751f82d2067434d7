import type { DbClient } from '@repowiki/db';

/** COMPLETED warehouses whose document is older than `intervalDays`, oldest first. */
export async function findUpdateCandidates(
  db: DbClient,
  intervalDays: number,
  limit: number,
): Promise<{ id: string; creator_id: string | null }[]> {
  return db.sql<{ id: string; creator_id: string | null }[]>`
    select w.id, w.creator_id from warehouses w join documents d on d.warehouse_id = w.id
    where not w.is_deleted and w.status = 'completed'
      and d.last_update < now() - make_interval(days => ${intervalDays})
    order by d.last_update asc, w.id
    limit ${limit}`;
}
