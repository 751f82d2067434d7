import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { upsertDailyStatistics } from '../queries/upsert-daily-statistics.query.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day before `now`: the scheduler runs this at 01:00 UTC. */
export function yesterdayUtc(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/** Upserts one day's statistics (default: yesterday, UTC). */
export async function dailyStatistics(
  payload: TaskPayload<'tasks.statistics.daily'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.statistics.daily'>> {
  const date = payload.date ?? yesterdayUtc(new Date());
  const stats = await upsertDailyStatistics(ctx.db.sql, date);
  ctx.logger.info(stats, 'daily statistics stored');
  return stats;
}
