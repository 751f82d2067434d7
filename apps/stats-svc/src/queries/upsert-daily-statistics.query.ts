import type { DailyStatistics } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';

/**
 * Computes one UTC day's figures and upserts them by date in a single statement, so a
 * re-run (or a late access record) simply refreshes the row.
 * - newUsers / newRepositories / newDocuments: rows of users / warehouses / documents created that day
 * - pageViews: access records that day; uniqueVisitors: distinct IP addresses;
 *   activeUsers: distinct signed-in user ids among them
 */
export async function upsertDailyStatistics(sql: DbClient['sql'], date: string): Promise<DailyStatistics> {
  const [row] = await sql<DailyStatistics[]>`
    with day as (
      select ${date}::date as d,
             (${date}::date)::timestamp at time zone 'UTC' as lo,
             (${date}::date + 1)::timestamp at time zone 'UTC' as hi
    ), views as (
      select count(*)::int as page_views,
             count(distinct a.ip_address)::int as unique_visitors,
             count(distinct a.user_id)::int as active_users
      from access_records a, day
      where a.occurred_at >= day.lo and a.occurred_at < day.hi
    )
    insert into daily_statistics as s
      (date, new_users, new_repositories, new_documents, page_views, unique_visitors, active_users)
    select day.d,
           (select count(*) from users u where u.created_at >= day.lo and u.created_at < day.hi),
           (select count(*) from warehouses w where w.created_at >= day.lo and w.created_at < day.hi),
           (select count(*) from documents x where x.created_at >= day.lo and x.created_at < day.hi),
           views.page_views, views.unique_visitors, views.active_users
    from day, views
    on conflict (date) do update set
      new_users = excluded.new_users,
      new_repositories = excluded.new_repositories,
      new_documents = excluded.new_documents,
      page_views = excluded.page_views,
      unique_visitors = excluded.unique_visitors,
      active_users = excluded.active_users,
      updated_at = now()
    returning to_char(s.date, 'YYYY-MM-DD') as date, s.new_users as "newUsers",
              s.new_repositories as "newRepositories", s.new_documents as "newDocuments",
              s.page_views as "pageViews", s.unique_visitors as "uniqueVisitors", s.active_users as "activeUsers"`;
  if (!row) throw new Error(`daily statistics upsert for ${date} returned no row`);
  return row;
}
