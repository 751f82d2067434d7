import type { TaskEventView } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { fields, print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import { eventDetail } from './events.command.js';

/**
 * Events of one run are found by reading its task's events from its submission on (event
 * subjects carry no task id); a busy task's stream is cut off after this many. @default 20_000
 */
const EVENT_SCAN_LIMIT = 20_000;

export function showCommand(): Command {
  return new Command('show')
    .description(
      'one run: state, payload, result, every attempt (worker, start, end, outcome, error), progress, events',
    )
    .argument('<id>', 'task id')
    .option('--no-events', 'skip the EVENTS stream (PostgreSQL only: works while NATS is down)')
    .action(async (id: string, opts: { events: boolean }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { getRun, openTaskEvents } = await import('@repowiki/runtime/ops');
        const run = await getRun((await conn.db()).sql, id);
        if (!run) throw notFound(`task ${id}: NOT_FOUND`);
        let events: TaskEventView[] | null = null;
        if (opts.events) {
          try {
            events = [];
            const read = await openTaskEvents(await conn.nats(), await conn.topology(), {
              task: run.task,
              taskId: run.id,
              since: new Date(new Date(run.submittedAt).getTime() - 1_000),
              follow: false,
              maxScan: EVENT_SCAN_LIMIT,
            });
            for await (const e of read) events.push(e);
          } catch (e: unknown) {
            events = null;
            process.stderr.write(
              `tasks: events not shown: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`,
            );
          }
        }
        print(options.json, { ...run, events }, () =>
          [
            fields([
              ['id', run.id],
              ['task', run.task],
              ['state', run.state],
              ['attempts', run.attempts],
              ['user', run.userId],
              ['worker', run.workerId],
              ['submitted', run.submittedAt],
              ['not before', run.notBefore],
              ['expires', run.expiresAt],
              ['started', run.startedAt],
              ['finished', run.finishedAt],
              ['revoke requested', run.revokeRequestedAt],
              ['parent', run.parentId],
              ['correlation', run.correlationId],
              ['retry of', run.retryOf],
              ['retried as', run.retriedAs],
              ['progress', run.progress],
              ['payload', run.payload],
              ['result', run.result],
              ['error', run.error ? `${run.error.name}: ${run.error.message}` : null],
            ]),
            'Attempts',
            table(
              ['#', 'worker', 'started (UTC)', 'ended (UTC)', 'outcome', 'error'],
              run.attemptList.map((a) => [
                a.attempt,
                a.workerId,
                a.startedAt,
                a.finishedAt,
                a.state,
                a.error ? `${a.error.name}: ${a.error.message}` : '',
              ]),
            ),
            'Events',
            events === null
              ? '(not read)'
              : table(
                  ['time (UTC)', 'event', 'attempt', 'worker', 'detail'],
                  events.map((e) => [e.time, e.outcome, e.attempts, e.workerId, eventDetail(e)]),
                ),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
