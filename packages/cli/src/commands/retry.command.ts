import type { RetryOutcome } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import {
  addRunFilterOptions,
  describeFilter,
  oneTarget,
  type RunFilterFlags,
  runFilterOf,
} from '../run-filter-options.js';

type Retried = RetryOutcome | { retried: string; error: string };

export function retryCommand(): Command {
  return addRunFilterOptions(
    new Command('retry')
      .description(
        're-run a FAILURE or REVOKED run as a new run linked to it (retry_of); with filters, every such run not retried yet. Idempotent: a run is retried once, whoever asks',
      )
      .argument('[id]', 'task id (or use the filters)'),
    'runs to retry',
  )
    .option('--limit <n>', 'with filters: at most this many runs', toInt, 100)
    .action(async (id: string | undefined, opts: RunFilterFlags & { limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { retryableRuns, retryRun, retryRuns } = await import('@repowiki/runtime/ops');
        oneTarget(id, opts, 'retry');
        const client = await conn.client();
        if (id) {
          const r = await retryRun(client, id);
          print(options.json, r, () =>
            r.created ? `${id} retried as ${r.taskId}` : `${id} was retried already as ${r.taskId}`,
          );
          return EXIT.ok;
        }
        const filter = await runFilterOf(opts);
        const ids = await retryableRuns(client, filter, opts.limit);
        const results: Retried[] = await retryRuns(client, ids);
        const created = results.filter((r) => 'created' in r && r.created).length;
        const failed = results.filter((r) => 'error' in r).length;
        print(
          options.json,
          { filter: describeFilter(filter), matched: ids.length, created, failed, results },
          () =>
            [
              `${describeFilter(filter)}: ${ids.length} run(s) to retry, ${created} retried now, ${failed} refused`,
              table(
                ['task id', 'retried as', 'outcome'],
                results.map((r) =>
                  'error' in r
                    ? [r.retried, '', r.error]
                    : [r.retried, r.taskId, r.created ? 'retried' : 'already retried'],
                ),
              ),
            ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
