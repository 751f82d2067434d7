import type { TaskEventView } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { cell, print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import { sinceArg } from '../run-filter-options.js';

/** What an event says beyond its kind: the error, the progress, or the run time. */
export function eventDetail(e: TaskEventView): string {
  const d = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
  if (e.outcome === 'failed') {
    const err = d.error as { name?: string; message?: string; code?: string } | undefined;
    return `${err?.code ?? err?.name ?? 'error'}: ${err?.message ?? ''}`.slice(0, 80);
  }
  if (e.outcome === 'progress') {
    const p = d.progress as { percent?: number; step?: string; message?: string } | undefined;
    return [p?.percent !== undefined ? `${p.percent}%` : '', p?.step, p?.message].filter(Boolean).join(' ');
  }
  return typeof d.durationMs === 'number' ? `${Math.round(d.durationMs)} ms` : '';
}

function line(e: TaskEventView): string {
  return [
    cell(e.time),
    e.outcome.padEnd(9),
    e.task,
    e.taskId ?? '',
    `#${e.attempts ?? ''}`,
    eventDetail(e),
  ].join('  ');
}

export function eventsCommand(): Command {
  return new Command('events')
    .description(
      'task events (succeeded, failed, progress) from the EVENTS stream; --follow tails it (celery events)',
    )
    .option('-f, --follow', 'keep printing new events until interrupted (Ctrl-C)', false)
    .option('--task <task>', 'only events of this task')
    .option('--id <taskId>', 'only events of this run')
    .option(
      '--since <age|time>',
      'from this age (10m, 1h) or ISO time [default: 10m; with --follow: now]',
      (v: string) => sinceArg(v),
    )
    .option('--limit <n>', 'without --follow: the last n events', toInt, 100)
    .action(
      async (
        opts: { follow: boolean; task?: string; id?: string; since?: Date; limit: number },
        cmd: Command,
      ) =>
        runCommand(cmd, async ({ conn, options }) => {
          const { openTaskEvents } = await import('@repowiki/runtime/ops');
          const { taskSubjectOf } = await import('../task-name.js');
          const topology = await conn.topology();
          const task = opts.task ? taskSubjectOf(opts.task) : undefined;
          const nc = await conn.nats();
          if (!opts.follow) {
            const events: TaskEventView[] = [];
            const read = await openTaskEvents(nc, topology, {
              task,
              taskId: opts.id,
              since: opts.since ?? new Date(Date.now() - 600_000),
              follow: false,
            });
            for await (const e of read) {
              events.push(e);
              if (events.length > opts.limit) events.shift();
            }
            print(options.json, events, () =>
              table(
                ['time (UTC)', 'event', 'task', 'task id', 'attempt', 'detail'],
                events.map((e) => [e.time, e.outcome, e.task, e.taskId, e.attempts, eventDetail(e)]),
              ),
            );
            return EXIT.ok;
          }
          // Follow: one line per event as it arrives (NDJSON with --json) until SIGINT/SIGTERM.
          const stop = new AbortController();
          const end = () => stop.abort();
          process.once('SIGINT', end);
          process.once('SIGTERM', end);
          const follow = await openTaskEvents(nc, topology, {
            task,
            taskId: opts.id,
            since: opts.since,
            follow: true,
            signal: stop.signal,
          });
          // The consumer exists now: nothing published after this line is missed.
          process.stderr.write(`tasks: following ${task ?? 'all tasks'} (Ctrl-C to stop)\n`);
          for await (const e of follow) {
            process.stdout.write(options.json ? `${JSON.stringify(e)}\n` : `${line(e)}\n`);
          }
          return EXIT.ok;
        }),
    );
}
