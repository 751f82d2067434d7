import type { EnsureOutcome } from '@repowiki/runtime/client';
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
        const { ensureStream } = await import('@repowiki/runtime/client');
        const { pausedQueues, queueStats } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const jsm = await conn.jsm();
        const applied: Record<string, EnsureOutcome> = {};
        if (opts.apply) {
          for (const def of topology.streams()) applied[def.name] = await ensureStream(jsm, def);
          if (!options.json) {
            for (const [stream, outcome] of Object.entries(applied))
              process.stdout.write(`${stream}: ${outcome}\n`);
          }
        }
        // The pause state lives in PostgreSQL (runtime `queue_pauses`): shown when it can be read.
        const paused = await conn
          .db()
          .then(async (db) => new Set((await pausedQueues(db.sql, topology.namespace)).map((p) => p.queue)))
          .catch((e: unknown) => {
            process.stderr.write(
              `tasks: pause state not shown: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`,
            );
            return undefined;
          });
        const rows = (await queueStats(jsm, topology)).map((r) => ({
          ...r,
          /** `tasks pause <queue>` in effect (null: PostgreSQL unreadable; the DLQ row: not a queue). */
          paused: r.stream === topology.dlqStream ? false : paused ? paused.has(r.queue) : null,
        }));
        print(options.json, opts.apply ? { applied, streams: rows } : rows, () =>
          table(
            [
              'queue',
              'stream',
              'messages',
              'consumers',
              'ack pending',
              'redelivered',
              'unprocessed',
              'state',
            ],
            rows.map((r) => {
              const state = r.paused === null ? '?' : r.paused ? 'PAUSED' : '';
              return r.exists
                ? [
                    r.queue,
                    r.stream,
                    r.messages,
                    r.consumers,
                    r.ackPending,
                    r.redelivered,
                    r.unprocessed,
                    state,
                  ]
                : [r.queue, r.stream, '(not created)', '', '', '', '', state];
            }),
          ),
        );
        return EXIT.ok;
      }),
    );
}
