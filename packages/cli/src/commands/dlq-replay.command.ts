import { Command } from 'commander';
import { usageError } from '../cli.errors.js';
import { getDeadLetter } from '../dlq.js';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';
import { parseJsonArg, taskSubjectOf } from '../task-name.js';

export function dlqReplayCommand(): Command {
  return new Command('replay')
    .description(
      're-submit a dead letter as a new task (parent id = the dead task), then remove it from the DLQ',
    )
    .argument('<seq>', 'sequence number from `tasks dlq list`', toInt)
    .option('-w, --wait', 'wait for the new task and print its result', false)
    .option('--timeout <ms>', 'how long --wait waits', toInt, 600_000)
    .action(async (seq: number, opts: { wait: boolean; timeout: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const jsm = await conn.jsm();
        const d = await getDeadLetter(jsm, conn.topology, seq);
        if (d.code === 'unknown_subject')
          throw usageError(`dead letter ${seq} has no known task (${d.task}): cannot replay`);
        const subject = taskSubjectOf(d.task);
        const payload = parseJsonArg(d.data, `payload of dead letter ${seq}`);
        const client = await conn.client();
        // A new id: the dead one is final in the ledger and would be acked without running.
        const taskId = await client.submitAny(subject, payload, {
          ...(d.taskId ? { parentId: d.taskId } : {}),
          ...(d.userId ? { userId: d.userId } : {}),
        });
        // Only after the new task is published: a failed replay leaves the dead letter in place.
        await jsm.streams.deleteMessage(conn.topology.dlqStream, seq);
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
