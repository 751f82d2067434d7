import { type EnsureOutcome, ensureStream } from '@repowiki/runtime/client';
import { queueStats } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function streamsCommand(): Command {
  return new Command('streams')
    .description(
      'per queue: messages, consumers, ack pending, redelivered, unprocessed (nats stream/consumer info)',
    )
    .option(
      '--apply',
      'first create or update every stream to its definition in the contracts (operator; services may not change shared streams)',
      false,
    )
    .action(async (opts: { apply: boolean }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const jsm = await conn.jsm();
        const applied: Record<string, EnsureOutcome> = {};
        if (opts.apply) {
          for (const def of conn.topology.streams()) applied[def.name] = await ensureStream(jsm, def);
          if (!options.json) {
            for (const [stream, outcome] of Object.entries(applied))
              process.stdout.write(`${stream}: ${outcome}\n`);
          }
        }
        const rows = await queueStats(jsm, conn.topology);
        print(options.json, opts.apply ? { applied, streams: rows } : rows, () =>
          table(
            ['queue', 'stream', 'messages', 'consumers', 'ack pending', 'redelivered', 'unprocessed'],
            rows.map((r) =>
              r.exists
                ? [r.queue, r.stream, r.messages, r.consumers, r.ackPending, r.redelivered, r.unprocessed]
                : [r.queue, r.stream, '(not created)', '', '', '', ''],
            ),
          ),
        );
        return EXIT.ok;
      }),
    );
}
