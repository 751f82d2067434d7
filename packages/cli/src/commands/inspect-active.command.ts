import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { duration, print, table, toDate } from '../output.js';
import { runCommand } from '../run-command.js';

export function inspectActiveCommand(): Command {
  return new Command('active')
    .description('running tasks with their worker and run time (from the ledger)')
    .option('--limit <n>', 'at most this many', toInt, 100)
    .action(async (opts: { limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { activeTasks } = await import('@repowiki/db');
        const rows = await activeTasks(await conn.db(), opts.limit);
        const now = Date.now();
        print(options.json, rows, () =>
          table(
            ['task id', 'task', 'state', 'worker', 'attempt', 'user', 'running for', 'progress'],
            rows.map((r) => [
              r.id,
              r.name,
              r.state,
              r.workerId,
              r.attempts,
              r.userId,
              r.startedAt ? duration(now - (toDate(r.startedAt)?.getTime() ?? now)) : '',
              r.progress,
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
