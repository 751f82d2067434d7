import type { Queue, TaskState } from '@repowiki/contracts';
import type { RunFilter } from '@repowiki/runtime/ops';
import { type Command, InvalidArgumentError } from 'commander';
import { usageError } from './cli.errors.js';
import { QUEUES, TASK_STATES } from './names.js';

/** The filter flags as commander hands them over. */
export interface RunFilterFlags {
  state?: TaskState[];
  task?: string;
  queue?: string;
  user?: string;
  since?: Date;
}

/** `--state S --task T --queue Q --user U --since 1h`, shared by list, count, retry and revoke. */
export function addRunFilterOptions(cmd: Command, what = 'runs'): Command {
  return cmd
    .option(
      '--state <state>',
      `only ${what} in this state (${TASK_STATES.join(', ')}); repeat or comma-separate for several`,
      collectStates,
    )
    .option('--task <task>', `only ${what} of this task (process, warehouse.process, …)`)
    .option('--queue <queue>', `only ${what} of this queue (${QUEUES.join(', ')})`, queueArgument)
    .option('--user <id>', `only ${what} submitted for this user`)
    .option(
      '--since <age|time>',
      `only ${what} submitted within this age (30s, 15m, 1h, 2d) or since an ISO time`,
      (v: string) => sinceArg(v),
    );
}

/** The filter of the flags; loads the task catalog (to resolve `--task`) when the command runs. */
export async function runFilterOf(flags: RunFilterFlags): Promise<RunFilter> {
  const { taskSubjectOf } = await import('./task-name.js');
  return {
    states: flags.state,
    task: flags.task ? taskSubjectOf(flags.task) : undefined,
    queue: flags.queue,
    userId: flags.user,
    since: flags.since,
  };
}

export function hasRunFilter(flags: RunFilterFlags): boolean {
  return Boolean(flags.state?.length || flags.task || flags.queue || flags.user || flags.since);
}

/** The filter as a line for people: `state FAILURE, task tasks.minimap.validate, since …`. */
export function describeFilter(f: RunFilter): string {
  const parts = [
    f.states?.length ? `state ${f.states.join('|')}` : '',
    f.task ? `task ${f.task}` : '',
    f.queue ? `queue ${f.queue}` : '',
    f.userId ? `user ${f.userId}` : '',
    f.since ? `since ${f.since.toISOString()}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'all runs';
}

function collectStates(value: string, previous: TaskState[] = []): TaskState[] {
  const states = value.split(',').map((s) => s.trim().toUpperCase());
  for (const s of states) {
    if (!(TASK_STATES as readonly string[]).includes(s))
      throw new InvalidArgumentError(`unknown state "${s}" (one of ${TASK_STATES.join(', ')})`);
  }
  return [...previous, ...(states as TaskState[])];
}

export function queueArgument(value: string): Queue {
  if (!(QUEUES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`unknown queue "${value}" (one of ${QUEUES.join(', ')})`);
  return value as Queue;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `90s`, `15m`, `1h`, `2d`, `1w` → ms; undefined when it is not an age. */
export function parseAge(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!.toLowerCase() as keyof typeof UNIT_MS];
}

/** An age before now (`1h`) or an ISO-8601 time. */
export function sinceArg(value: string, now = Date.now()): Date {
  const age = parseAge(value);
  if (age !== undefined) return new Date(now - age);
  return timeArg(value);
}

/** An ISO-8601 time (`2026-12-01T10:00:00Z`), or an age from now (`+10m`) for --eta / --expires. */
export function timeArg(value: string, now = Date.now()): Date {
  if (value.startsWith('+')) {
    const age = parseAge(value.slice(1));
    if (age !== undefined) return new Date(now + age);
  }
  const d = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError(
      `not a time: "${value}" (ISO-8601 like 2026-12-01T10:00:00Z, or an age like 1h)`,
    );
  return d;
}

/** Bulk operations need a filter or an id, never both. */
export function oneTarget(id: string | undefined, flags: RunFilterFlags, verb: string): void {
  if (id && hasRunFilter(flags)) throw usageError(`${verb}: give a task id or filters, not both`);
  if (!id && !hasRunFilter(flags))
    throw usageError(`${verb}: give a task id, or filters (--state, --task, --queue, --user, --since)`);
}
