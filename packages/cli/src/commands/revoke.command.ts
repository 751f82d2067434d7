import { Command } from 'commander';
import { confirm } from '../confirm.js';
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

function note(state: string): string {
  return state === 'NOT_FOUND'
    ? 'NOT_FOUND'
    : state === 'REVOKED'
      ? 'REVOKED'
      : state === 'STARTED' || state === 'PROGRESS'
        ? `${state}: abort requested, the worker ends it as REVOKED`
        : `${state}: already final, left as it is`;
}

export function revokeCommand(): Command {
  return addRunFilterOptions(
    new Command('revoke')
      .description(
        'cancel queued runs or abort running ones: one id, or every unfinished run matching the filters (asks first; --yes to skip)',
      )
      .argument('[id]', 'task id (or use the filters)'),
    'runs to revoke',
  )
    .option('--limit <n>', 'with filters: at most this many runs', toInt, 1_000)
    .option('-y, --yes', 'with filters: do not ask for confirmation', false)
    .action(
      async (id: string | undefined, opts: RunFilterFlags & { limit: number; yes: boolean }, cmd: Command) =>
        runCommand(cmd, async ({ conn, options }) => {
          const { revocableRuns, revokeRuns } = await import('@repowiki/runtime/ops');
          oneTarget(id, opts, 'revoke');
          const client = await conn.client();
          if (id) {
            const state = await client.revoke(id);
            print(options.json, { taskId: id, state }, () => `${id}: ${note(state)}`);
            return state === 'NOT_FOUND' ? EXIT.notFound : EXIT.ok;
          }
          const filter = await runFilterOf(opts);
          const ids = await revocableRuns(client, filter, opts.limit);
          if (ids.length === 0) {
            print(
              options.json,
              { filter: describeFilter(filter), matched: 0, results: [] },
              () => `${describeFilter(filter)}: no unfinished run to revoke`,
            );
            return EXIT.ok;
          }
          const capped =
            ids.length === opts.limit ? ` (the first ${opts.limit}: raise --limit for more)` : '';
          if (
            !(await confirm(
              `revoke ${ids.length} run(s) matching ${describeFilter(filter)}${capped}?`,
              opts.yes,
            ))
          ) {
            process.stderr.write('tasks: nothing revoked\n');
            return EXIT.ok;
          }
          const results = await revokeRuns(client, ids);
          print(options.json, { filter: describeFilter(filter), matched: ids.length, results }, () =>
            table(
              ['task id', 'outcome'],
              results.map((r) => [r.taskId, note(r.state)]),
            ),
          );
          return EXIT.ok;
        }),
    );
}
