import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import {
  addRunFilterOptions,
  describeFilter,
  type RunFilterFlags,
  runFilterOf,
} from '../run-filter-options.js';

export function countCommand(): Command {
  return addRunFilterOptions(
    new Command('count').description('runs from the ledger per state, with the same filters as list'),
  ).action(async (opts: RunFilterFlags, cmd: Command) =>
    runCommand(cmd, async ({ conn, options }) => {
      const { TASK_STATES } = await import('@repowiki/contracts');
      const { countRuns } = await import('@repowiki/runtime/ops');
      const filter = await runFilterOf(opts);
      const counts = await countRuns((await conn.db()).sql, filter);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      print(options.json, { filter: describeFilter(filter), counts, total }, () =>
        [
          describeFilter(filter),
          table(
            ['state', 'runs'],
            [...TASK_STATES.filter((s) => counts[s]).map((s) => [s, counts[s]]), ['total', total]],
          ),
        ].join('\n'),
      );
      return EXIT.ok;
    }),
  );
}
