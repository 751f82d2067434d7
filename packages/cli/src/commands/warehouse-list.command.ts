import { Command, InvalidArgumentError } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { WAREHOUSE_STATUSES } from '../names.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

function statusArg(value: string): string {
  const v = value.toLowerCase();
  if (!(WAREHOUSE_STATUSES as readonly string[]).includes(v))
    throw new InvalidArgumentError(`unknown status "${value}" (one of ${WAREHOUSE_STATUSES.join(', ')})`);
  return v;
}

export function warehouseListCommand(): Command {
  return new Command('list')
    .description('registered repositories, last changed first')
    .option('--status <status>', `only this status (${WAREHOUSE_STATUSES.join(', ')})`, statusArg)
    .option('--limit <n>', 'at most this many', toInt, 50)
    .action(async (opts: { status?: string; limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { listWarehouses } = await import('@repowiki/db');
        const rows = await listWarehouses(await conn.db(), opts);
        print(options.json, rows, () =>
          table(
            ['id', 'name', 'status', 'branch', 'version', 'updated (UTC)', 'error'],
            rows.map((w) => [
              w.id,
              `${w.organizationName}/${w.name}`,
              w.status,
              w.branch,
              w.version?.slice(0, 12),
              w.updatedAt,
              w.error?.slice(0, 60),
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
