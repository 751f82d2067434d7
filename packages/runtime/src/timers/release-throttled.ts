import type { JetStreamClient } from '@nats-io/jetstream';
import { intArray, textArray } from '@repowiki/db/pg-array';
import type { Sql } from 'postgres';
import { asNumberId } from './release-due.js';
import { type ParkedRow, republish } from './republish.js';

/**
 * Releases throttled rows of one stream for users with free slots: per user, oldest first
 * (`due_at` is when the delivery first queued, kept across re-throttling),
 * at most `maxPerUser − running − released and not yet started` rows. Cost per round is per
 * user with parked rows (a loose index scan finds them), never per parked row: 1,000 waiting
 * deliveries of one user cost nothing until one of them may run.
 *
 * A slot counts as taken, as in user-slots.ts, by a task_runs row STARTED/PROGRESS with a
 * live lease. `inFlight` are task ids this releaser published recently: until their delivery
 * starts (the row leaves PENDING/RETRY) or is parked again they hold a slot too, so a second
 * round does not release the same slot twice. Returns the released rows and whether any are left waiting.
 */
export async function releaseThrottled(
  sql: Sql,
  js: JetStreamClient,
  stream: string,
  maxPerUser: number,
  inFlight: readonly string[],
): Promise<{ released: ParkedRow[]; waiting: boolean }> {
  return sql.begin(async (tx) => {
    const rows = (
      await tx<ParkedRow[]>`
      with recursive users(user_id) as (
        (select user_id from task_timers
          where stream = ${stream} and kind = 'throttled' order by user_id limit 1)
        union all
        select (select t.user_id from task_timers t
                 where t.stream = ${stream} and t.kind = 'throttled' and t.user_id > u.user_id
                 order by t.user_id limit 1)
        from users u where u.user_id is not null
      ), slots as (
        select u.user_id, ${maxPerUser}::int
          - (select count(*) from task_runs r
              where r.user_id = u.user_id and r.state in ('STARTED','PROGRESS') and r.lease_until > now())::int
          - (select count(*) from task_runs r
              where r.id = any(${textArray(inFlight)}::text::text[]) and r.user_id = u.user_id
                and r.state in ('PENDING','RETRY')
                and not exists (select 1 from task_timers p where p.task_id = r.id))::int as free
        from users u where u.user_id is not null
      )
      select t.id, t.subject, t.task_id as "taskId", t.user_id as "userId", t.headers, t.body,
             t.due_at as "queuedSince"
      from slots s cross join lateral (
        select * from task_timers t
        where t.stream = ${stream} and t.kind = 'throttled' and t.user_id = s.user_id
        order by t.due_at, t.id limit greatest(s.free, 0)
        for update skip locked
      ) t`
    ).map(asNumberId);
    let released: ParkedRow[] = [];
    if (rows.length > 0) {
      const published = await republish(js, rows);
      if (published.length > 0)
        await tx`delete from task_timers where id = any(${intArray(published)}::text::bigint[])`;
      const ok = new Set(published);
      released = rows.filter((r) => ok.has(r.id));
    }
    const [left] = await tx<{ waiting: boolean }[]>`
      select exists (select 1 from task_timers where stream = ${stream} and kind = 'throttled') as waiting`;
    return { released, waiting: left?.waiting ?? false };
  }) as Promise<{ released: ParkedRow[]; waiting: boolean }>;
}
