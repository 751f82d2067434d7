import { replayDeadLetter } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function dlqReplayCommand(): Command {
  return new Command('replay')
    .description(
      're-submit a dead letter as a new task (parent id = the dead task; one id per entry, so a repeated replay runs it once), then remove it from the DLQ',
    )
    .argument('<seq>', 'sequence number from `tasks dlq list`', toInt)
    .option('-w, --wait', 'wait for the new task and print its result', false)
    .option('--timeout <ms>', 'how long --wait waits', toInt, 600_000)
    .action(async (seq: number, opts: { wait: boolean; timeout: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const client = await conn.client();
        const { taskId, subject } = await replayDeadLetter(
          { jsm: await conn.jsm(), topology: conn.topology, client },
          seq,
        );
        if (!opts.wait) {
          print(options.json, { seq, replayedAs: taskId, task: subject }, () => taskId);
          return EXIT.ok;
        }
        const result = await client.result(taskId, { timeoutMs: opts.timeout });
        print(
          options.json,
          { seq, replayedAs: taskId, task: subject, result },
          () => `${taskId}\n${JSON.stringify(result, null, 2)}`,
        );
        return EXIT.ok;
      }),
    );
}
