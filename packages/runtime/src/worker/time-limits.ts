import { DEFAULT_TIME_LIMITS, type TaskDefinition, type TimeLimits } from '@repowiki/contracts';

/**
 * Time limits of an attempt. TASK_SOFT_TIME_LIMIT / TASK_TIME_LIMIT replace the defaults
 * (25 / 30 min); a task that declares its own limits in the catalog keeps them (as Celery's
 * per-task `time_limit` beats the global one).
 */
export function effectiveTimeLimits(
  task: TaskDefinition,
  overrides: { softMs?: number; hardMs?: number },
): TimeLimits {
  const soft =
    task.timeLimits.softMs === DEFAULT_TIME_LIMITS.softMs
      ? (overrides.softMs ?? task.timeLimits.softMs)
      : task.timeLimits.softMs;
  const hard =
    task.timeLimits.hardMs === DEFAULT_TIME_LIMITS.hardMs
      ? (overrides.hardMs ?? task.timeLimits.hardMs)
      : task.timeLimits.hardMs;
  return { softMs: Math.min(soft, hard), hardMs: hard };
}
