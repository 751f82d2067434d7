import { Command, Option } from 'commander';
import { usageError } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';
import { timeArg } from '../run-filter-options.js';

interface SubmitOptions {
  wait: boolean;
  timeout: number;
  user?: string;
  taskId?: string;
  countdown?: number;
  eta?: Date;
  expires?: Date;
  progress: boolean;
}

export function submitCommand(): Command {
  return new Command('submit')
    .description('submit a task; with --wait, follow its progress and print its result')
    .argument('<task>', 'task name: process, warehouse.process or tasks.warehouse.process')
    .argument('[json]', 'payload as JSON', '{}')
    .option('-w, --wait', 'wait for the result (exit 1 if the task fails, 4 on timeout)', false)
    .option('--timeout <ms>', 'how long --wait waits', toInt, 600_000)
    .option('--user <id>', 'user the task runs for (per-user concurrency)')
    .option('--task-id <id>', 'explicit task id (idempotent re-submission)')
    .option('--countdown <ms>', 'do not start before this many ms from now', toInt)
    .option('--eta <time>', 'do not start before this time (ISO-8601, or +10m from now)', (v: string) =>
      timeArg(v),
    )
    .option(
      '--expires <time>',
      'not started by this time (ISO-8601, or +1h from now): it ends REVOKED `expired` instead of running',
      (v: string) => timeArg(v),
    )
    .addOption(new Option('--progress', 'print progress even when stderr is not a terminal').default(false))
    .action(async (task: string, json: string, opts: SubmitOptions, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        // Checked before anything loads: `+2s` is relative to when the arguments were read, and
        // loading the client can take longer than that on a busy machine.
        if (opts.eta && opts.countdown)
          throw usageError('--eta and --countdown both say when to start: give one');
        if (
          opts.expires &&
          opts.expires.getTime() <= (opts.eta?.getTime() ?? Date.now() + (opts.countdown ?? 0))
        )
          throw usageError('--expires is before the task may start: it would never run');
        const { followProgress } = await import('../progress-bar.js');
        const { parseJsonArg, taskSubjectOf } = await import('../task-name.js');
        const topology = await conn.topology();
        const subject = taskSubjectOf(task);
        const payload = parseJsonArg(json, 'payload');
        const client = await conn.client();
        const [, queue, name] = subject.split('.');
        let id: string | undefined;
        // Subscribe before submitting so that no early progress event is missed.
        const progress = opts.wait
          ? followProgress(
              await conn.nats(),
              topology.eventSubject(queue ?? '', name ?? '', 'progress'),
              () => id,
              opts.progress || (!options.json && Boolean(process.stderr.isTTY)),
            )
          : undefined;
        try {
          id = await client.submitAny(subject, payload, {
            ...(opts.taskId ? { taskId: opts.taskId } : {}),
            ...(opts.user ? { userId: opts.user } : {}),
            ...(opts.countdown ? { countdownMs: opts.countdown } : {}),
            ...(opts.eta ? { eta: opts.eta } : {}),
            ...(opts.expires ? { expires: opts.expires } : {}),
          });
          if (!opts.wait) {
            print(options.json, { taskId: id, task: subject }, () => id as string);
            return EXIT.ok;
          }
          const result = await client.result(id, { timeoutMs: opts.timeout });
          progress?.stop();
          print(options.json, { taskId: id, task: subject, state: 'SUCCESS', result }, () =>
            JSON.stringify(result, null, 2),
          );
          return EXIT.ok;
        } finally {
          progress?.stop();
        }
      }),
    );
}
