import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function warehouseReprocessCommand(): Command {
  return new Command('reprocess')
    .description(
      'document a repository again from scratch: submits `reset` (back to pending, then `process`)',
    )
    .argument('<id>', 'warehouse id')
    .option('--user <id>', 'user the processing counts against')
    .action(async (id: string, opts: { user?: string }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { getWarehouse } = await import('@repowiki/db');
        const w = await getWarehouse(await conn.db(), id);
        if (!w) throw notFound(`no warehouse ${id}`);
        const taskId = await (await conn.client()).submit(
          'tasks.warehouse.reset',
          { warehouseId: id },
          opts.user ? { userId: opts.user } : {},
        );
        print(
          options.json,
          { warehouseId: id, taskId, task: 'tasks.warehouse.reset' },
          () => `warehouse ${id} (${w.organizationName}/${w.name}): reset submitted as ${taskId}`,
        );
        return EXIT.ok;
      }),
    );
}
