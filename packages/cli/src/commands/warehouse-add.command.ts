import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function warehouseAddCommand(): Command {
  return new Command('add')
    .description('register a repository (Git URL or local directory) and submit `process` for it')
    .argument('<address>', 'Git URL or path of a local directory')
    .option('--branch <branch>', 'branch to document (default: the remote HEAD)', '')
    .option(
      '--user <id>',
      'user the processing counts against (and creator, when a user with that id exists)',
    )
    .action(async (input: string, opts: { branch: string; user?: string }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { existingUserId, insertWarehouse } = await import('@repowiki/db');
        const { parseWarehouseAddress } = await import('@repowiki/runtime/ops');
        const parsed = parseWarehouseAddress(input);
        const db = await conn.db();
        const client = await conn.client();
        const creatorId = opts.user ? await existingUserId(db, opts.user) : null;
        const warehouseId = await insertWarehouse(db, { ...parsed, branch: opts.branch, creatorId });
        const taskId = await client.submit(
          'tasks.warehouse.process',
          { warehouseId },
          opts.user ? { userId: opts.user } : {},
        );
        print(
          options.json,
          { warehouseId, taskId, ...parsed },
          () =>
            `warehouse ${warehouseId} (${parsed.organizationName}/${parsed.name}) registered; processing task ${taskId}`,
        );
        return EXIT.ok;
      }),
    );
}
