import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import { addRunFilterOptions, type RunFilterFlags, runFilterOf } from '../run-filter-options.js';

export function listCommand(): Command {
  return addRunFilterOptions(
    new Command('list').description('runs from the ledger, newest first (temporal workflow list)'),
  )
    .option('--limit <n>', 'at most this many', toInt, 50)
    .action(async (opts: RunFilterFlags & { limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { listRuns } = await import('@repowiki/runtime/ops');
        const filter = await runFilterOf(opts);
        const rows = await listRuns((await conn.db()).sql, filter, opts.limit);
        print(options.json, rows, () =>
          table(
            ['task id', 'task', 'state', 'attempts', 'user', 'submitted (UTC)', 'finished (UTC)', 'error'],
            rows.map((r) => [
              r.id,
              r.task,
              r.state,
              r.attempts,
              r.userId,
              r.submittedAt,
              r.finishedAt,
              r.error ? `${r.error.code ?? r.error.name}: ${r.error.message}`.slice(0, 60) : '',
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
