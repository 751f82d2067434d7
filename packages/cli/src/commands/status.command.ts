import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { duration, fields, print, toDate } from '../output.js';
import { runCommand } from '../run-command.js';

export function statusCommand(): Command {
  return new Command('status')
    .description('state of a task from the ledger (exit 3 when the id was never submitted)')
    .argument('<id>', 'task id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        // PostgreSQL only (works while NATS is down): see ledger-status.ts.
        const { ledgerStatus } = await import('../ledger-status.js');
        const s = await ledgerStatus(await conn.sql(), id);
        if (s.state === 'NOT_FOUND') {
          print(options.json, s, () => `${id}: NOT_FOUND`);
          return EXIT.notFound;
        }
        const startedAt = toDate(s.startedAt);
        const ran = startedAt
          ? (toDate(s.finishedAt) ?? new Date()).getTime() - startedAt.getTime()
          : undefined;
        print(options.json, s, () =>
          fields([
            ['id', s.id],
            ['task', s.subject],
            ['state', s.state],
            ['attempts', s.attempts],
            ['worker', s.workerId],
            ['user', s.userId],
            ['submitted', s.submittedAt],
            ['not before', s.notBefore],
            ['started', s.startedAt],
            ['finished', s.finishedAt],
            ['run time', ran === undefined ? '' : duration(ran)],
            ['progress', s.progress],
            ['result', s.result],
            ['error', s.error ? `${s.error.name}: ${s.error.message}` : null],
          ]),
        );
        return EXIT.ok;
      }),
    );
}
