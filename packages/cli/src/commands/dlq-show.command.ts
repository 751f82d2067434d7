import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { fields, print } from '../output.js';
import { runCommand } from '../run-command.js';

export function dlqShowCommand(): Command {
  return new Command('show')
    .description('one dead letter with its reason and original payload')
    .argument('<seq>', 'sequence number from `tasks dlq list`', toInt)
    .action(async (seq: number, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { getDeadLetter } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const d = await getDeadLetter(await conn.jsm(), topology, seq);
        print(options.json, d, () =>
          fields([
            ['seq', d.seq],
            ['task', d.task],
            ['task id', d.taskId],
            ['code', d.code],
            ['reason', d.reason],
            ['attempts', d.attempts],
            ['user', d.userId],
            ['dead since', d.deadAt],
            ['payload', d.data],
          ]),
        );
        return EXIT.ok;
      }),
    );
}
