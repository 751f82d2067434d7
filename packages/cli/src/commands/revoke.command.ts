import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function revokeCommand(): Command {
  return new Command('revoke')
    .description('cancel a queued task or abort a running one')
    .argument('<id>', 'task id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const state = await (await conn.client()).revoke(id);
        const note =
          state === 'NOT_FOUND'
            ? 'NOT_FOUND'
            : state === 'REVOKED'
              ? 'REVOKED'
              : state === 'STARTED' || state === 'PROGRESS'
                ? `${state}: abort requested, the worker ends it as REVOKED`
                : `${state}: already final, left as it is`;
        print(options.json, { taskId: id, state }, () => `${id}: ${note}`);
        return state === 'NOT_FOUND' ? EXIT.notFound : EXIT.ok;
      }),
    );
}
