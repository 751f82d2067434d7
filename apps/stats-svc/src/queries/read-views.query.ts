import type { DbClient } from '@repowiki/db';
import { viewWindows } from '@repowiki/db';

type Sql = DbClient['sql'];

export interface Views {
  views: { today: number; week: number; month: number };
  topResources: { resourceType: string; resourceId: string; views: number }[];
}

/** A warehouse's share of the access log: its repository page, its documents, or its id. */
export interface WarehouseResources {
  warehouseId: string;
  /** `org/repo` as the web tier's paths spell it (see resourceFromPath in runtime). */
  repositoryKey: string;
}

/** How many resources a snapshot lists. @default 10 */
export const TOP_RESOURCES = 10;

/** Views today / last 7 / last 30 UTC calendar days and the top resources of the 30 days. */
export async function readViews(sql: Sql, now: Date, only?: WarehouseResources): Promise<Views> {
  const w = viewWindows(now);
  const scope = only
    ? sql`and (a.resource_id = ${only.repositoryKey}
            or a.resource_id like ${`${escapeLike(only.repositoryKey)}/%`}
            or a.resource_id = ${only.warehouseId})`
    : sql``;
  const [counts] = await sql<{ today: number; week: number; month: number }[]>`
    select count(*) filter (where a.occurred_at >= ${w.today.toISOString()})::int as today,
           count(*) filter (where a.occurred_at >= ${w.week.toISOString()})::int as week,
           count(*)::int as month
    from access_records a
    where a.occurred_at >= ${w.month.toISOString()} ${scope}`;
  const top = await sql<Views['topResources']>`
    select a.resource_type as "resourceType", a.resource_id as "resourceId", count(*)::int as views
    from access_records a
    where a.occurred_at >= ${w.month.toISOString()} ${scope}
    group by a.resource_type, a.resource_id
    order by views desc, a.resource_type, a.resource_id
    limit ${TOP_RESOURCES}`;
  return {
    views: { today: counts?.today ?? 0, week: counts?.week ?? 0, month: counts?.month ?? 0 },
    topResources: [...top],
  };
}

/** LIKE treats `%` and `_` as wildcards; repository names may contain `_`. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
