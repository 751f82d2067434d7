import { Command } from 'commander';
import { unavailable } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function scheduleListCommand(): Command {
  return new Command('list')
    .description(
      'entries of the running scheduler with their next fire time and paused state (exit 5 if no scheduler answers)',
    )
    .action(async (_opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { fetchScheduleEntries, triggerOf } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const reply = await fetchScheduleEntries(await conn.nats(), topology, options.connectTimeout);
        if (!reply)
          throw unavailable('no scheduler-svc replica answered (is it running, same NATS_NAMESPACE?)');
        print(options.json, reply, () =>
          table(
            [
              'entry',
              'task',
              'trigger',
              'missed slots',
              'payload',
              'next fire (UTC)',
              'last slot (UTC)',
              'state',
            ],
            reply.entries.map((e) => [
              e.name,
              e.task,
              triggerOf(e),
              e.missed,
              e.payload,
              e.paused ? '' : e.nextFireAt,
              e.lastSlot,
              e.paused ? `PAUSED since ${e.pausedAt ?? '?'}` : '',
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
