import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function dlqListCommand(): Command {
  return new Command('list')
    .description('dead-lettered tasks, oldest first')
    .option('--queue <queue>', 'only this queue')
    .option('--limit <n>', 'at most this many', toInt, 50)
    .action(async (opts: { queue?: string; limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { listDeadLetters } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const rows = await listDeadLetters(await conn.jsm(), topology, opts);
        print(options.json, rows, () =>
          table(
            ['seq', 'task', 'task id', 'code', 'reason', 'dead since'],
            rows.map((r) => [r.seq, r.task, r.taskId, r.code, r.reason.slice(0, 80), r.deadAt]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
