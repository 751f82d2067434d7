import type { Queue } from '@repowiki/contracts';
import { Command } from 'commander';
import { confirm } from '../confirm.js';
import { EXIT } from '../exit-codes.js';
import { QUEUES } from '../names.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';
import { queueArgument } from '../run-filter-options.js';

export function purgeCommand(): Command {
  return new Command('purge')
    .description(
      'drop every task waiting in a queue (celery purge): its queued runs end REVOKED `purged`, running ones finish (asks first; --yes to skip)',
    )
    .argument('<queue>', `queue (${QUEUES.join(', ')})`, queueArgument)
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (queue: Queue, opts: { yes: boolean }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { purgeQueue } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const [db, jsm] = await Promise.all([conn.db(), conn.jsm()]);
        const stream = topology.taskStream(queue);
        const waiting = await jsm.streams
          .info(stream)
          .then((i) => i.state.messages)
          .catch(() => 0);
        if (!(await confirm(`purge queue ${queue} (${waiting} message(s) in ${stream})?`, opts.yes))) {
          process.stderr.write('tasks: nothing purged\n');
          return EXIT.ok;
        }
        const r = await purgeQueue(db.sql, jsm, topology, queue);
        print(
          options.json,
          r,
          () =>
            `purged ${queue}: ${r.purgedMessages} message(s), ${r.revokedRuns} queued run(s) REVOKED, ${r.droppedTimers} parked deliver(ies) dropped`,
        );
        return EXIT.ok;
      }),
    );
}
