import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function resultCommand(): Command {
  return new Command('result')
    .description('wait for a task and print its result (exit 1 if it failed, 4 on timeout)')
    .argument('<id>', 'task id')
    .option('--timeout <ms>', 'how long to wait', toInt, 30_000)
    .action(async (id: string, opts: { timeout: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const client = await conn.client();
        if ((await client.status(id)).state === 'NOT_FOUND') throw notFound(`task ${id}: NOT_FOUND`);
        const result = await client.result(id, { timeoutMs: opts.timeout });
        print(options.json, { taskId: id, result }, () => JSON.stringify(result, null, 2));
        return EXIT.ok;
      }),
    );
}
