import { Command } from 'commander';
import { usageError } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function dlqPurgeCommand(): Command {
  return new Command('purge')
    .description('delete dead letters (all, or one queue / one task); needs --yes')
    .option('--queue <queue>', 'only this queue')
    .option('--task <task>', 'only this task of --queue')
    .option('--yes', 'really delete', false)
    .action(async (opts: { queue?: string; task?: string; yes: boolean }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { purgeDeadLetters } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        if (opts.task && !opts.queue) throw usageError('--task needs --queue');
        if (!opts.yes) throw usageError('refusing to purge without --yes');
        const r = await purgeDeadLetters(await conn.jsm(), topology, opts);
        print(options.json, r, () => `purged ${r.purged} dead letter(s)`);
        return EXIT.ok;
      }),
    );
}
