import type { DbClient } from '@repowiki/db';

type Sql = DbClient['sql'];

import { viewWindows } from '@repowiki/db';

export interface AccessStatistics {
  today: number;
  week: number;
  month: number;
  topResources: { resourceType: string; resourceId: string; views: number }[];
}

/** How many resources `topResources` lists. @default 10 */
export const TOP_RESOURCES = 10;

/** View counts for today / 7 days / 30 days and the most viewed resources of the 30 days. */
export async function readAccessStatistics(sql: Sql, now: Date): Promise<AccessStatistics> {
  const w = viewWindows(now);
  const [counts] = await sql<{ today: number; week: number; month: number }[]>`
    select count(*) filter (where occurred_at >= ${w.today.toISOString()})::int as today,
           count(*) filter (where occurred_at >= ${w.week.toISOString()})::int as week,
           count(*)::int as month
    from access_records
    where occurred_at >= ${w.month.toISOString()}`;
  const top = await sql<{ resourceType: string; resourceId: string; views: number }[]>`
    select resource_type as "resourceType", resource_id as "resourceId", count(*)::int as views
    from access_records
    where occurred_at >= ${w.month.toISOString()}
    group by resource_type, resource_id
    order by views desc, resource_type, resource_id
    limit ${TOP_RESOURCES}`;
  return {
    today: counts?.today ?? 0,
    week: counts?.week ?? 0,
    month: counts?.month ?? 0,
    topResources: [...top],
  };
}
