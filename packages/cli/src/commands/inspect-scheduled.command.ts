import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function inspectScheduledCommand(): Command {
  return new Command('scheduled')
    .description('next fire times of the schedule, and tasks delayed by countdown, ETA or retry backoff')
    .option('--limit <n>', 'at most this many delayed tasks', toInt, 100)
    .action(async (opts: { limit: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { delayedTasks } = await import('@repowiki/db');
        const { fetchScheduleEntries, triggerOf } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const [reply, delayed] = await Promise.all([
          fetchScheduleEntries(await conn.nats(), topology, options.connectTimeout),
          conn.db().then((db) => delayedTasks(db, opts.limit)),
        ]);
        if (!reply) process.stderr.write('tasks: no scheduler-svc replica answered; schedule not shown\n');
        const entries = reply?.entries ?? [];
        print(options.json, { schedule: reply ?? null, delayed }, () =>
          [
            'Schedule',
            table(
              ['entry', 'task', 'trigger', 'next fire (UTC)'],
              entries.map((e) => [e.name, e.task, triggerOf(e), e.nextFireAt]),
            ),
            'Delayed tasks',
            table(
              ['task id', 'task', 'state', 'not before (UTC)', 'attempts'],
              delayed.map((d) => [d.id, d.name, d.state, d.notBefore, d.attempts]),
            ),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
