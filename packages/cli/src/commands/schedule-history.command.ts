import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function scheduleHistoryCommand(): Command {
  return new Command('history')
    .description('recorded fires of the schedule, newest first, with the state of each fired task')
    .option('--entry <name>', 'only this entry')
    .option('--limit <n>', 'at most this many', toInt, 50)
    .action(async (opts: { entry?: string; limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { listScheduleFires } = await import('@repowiki/db');
        const rows = await listScheduleFires(await conn.db(), opts);
        print(options.json, rows, () =>
          table(
            ['entry', 'slot (UTC)', 'kind', 'task', 'task id', 'state', 'fired by', 'published'],
            rows.map((r) => [
              r.entry,
              r.slot,
              r.kind,
              r.task,
              r.taskId,
              r.state,
              r.firedBy,
              r.publishedAt ? 'yes' : 'NO',
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
