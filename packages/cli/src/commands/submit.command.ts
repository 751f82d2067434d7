import { Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { followProgress } from '../progress-bar.js';
import { runCommand } from '../run-command.js';
import { parseJsonArg, taskSubjectOf } from '../task-name.js';

interface SubmitOptions {
  wait: boolean;
  timeout: number;
  user?: string;
  taskId?: string;
  countdown?: number;
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
    .addOption(new Option('--progress', 'print progress even when stderr is not a terminal').default(false))
    .action(async (task: string, json: string, opts: SubmitOptions, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const subject = taskSubjectOf(task);
        const payload = parseJsonArg(json, 'payload');
        const client = await conn.client();
        const [, queue, name] = subject.split('.');
        let id: string | undefined;
        // Subscribe before submitting so that no early progress event is missed.
        const progress = opts.wait
          ? followProgress(
              await conn.nats(),
              conn.topology.eventSubject(queue ?? '', name ?? '', 'progress'),
              () => id,
              opts.progress || (!options.json && Boolean(process.stderr.isTTY)),
            )
          : undefined;
        try {
          id = await client.submitAny(subject, payload, {
            ...(opts.taskId ? { taskId: opts.taskId } : {}),
            ...(opts.user ? { userId: opts.user } : {}),
            ...(opts.countdown ? { countdownMs: opts.countdown } : {}),
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
