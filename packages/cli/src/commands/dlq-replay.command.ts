import type { DeadLetter } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { usageError } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';
import { queueArgument } from '../run-filter-options.js';

interface ReplayOptions {
  wait: boolean;
  timeout: number;
  all: boolean;
  task?: string;
  queue?: string;
  reason?: string;
  limit: number;
}

/** `--reason R` matches the code exactly (`retries_exhausted`) or the reason text (any case). */
export function matchesReason(d: Pick<DeadLetter, 'code' | 'reason'>, r: string): boolean {
  return d.code === r || d.reason.toLowerCase().includes(r.toLowerCase());
}

export function dlqReplayCommand(): Command {
  return new Command('replay')
    .description(
      're-submit dead letters as new tasks (parent id = the dead task; one id per entry, so a repeated or concurrent replay runs each once), then remove them from the DLQ',
    )
    .argument('[seq]', 'sequence number from `tasks dlq list` (or --all / --task / --reason)', toInt)
    .option('--all', 'every dead letter', false)
    .option('--task <task>', 'every dead letter of this task')
    .option('--queue <queue>', 'every dead letter of this queue', queueArgument)
    .option('--reason <text>', 'every dead letter whose code is this or whose reason contains it')
    .option('--limit <n>', 'bulk: at most this many', toInt, 1_000)
    .option('-w, --wait', 'one seq: wait for the new task and print its result', false)
    .option('--timeout <ms>', 'how long --wait waits', toInt, 600_000)
    .action(async (seq: number | undefined, opts: ReplayOptions, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { listDeadLetters } = await import('@repowiki/runtime/ops');
        const { replayDeadLetter, replayLetter } = await import('../replay-dead-letter.js');
        const { taskSubjectOf } = await import('../task-name.js');
        const topology = await conn.topology();
        const bulk =
          opts.all || opts.task !== undefined || opts.queue !== undefined || opts.reason !== undefined;
        if (seq !== undefined && bulk)
          throw usageError('dlq replay: give a sequence or --all/--task/--queue/--reason, not both');
        if (seq === undefined && !bulk)
          throw usageError('dlq replay: give a sequence, or --all, --task, --queue or --reason');
        if (seq !== undefined) {
          const { taskId, subject, client } = await replayDeadLetter(conn, seq);
          if (!opts.wait) {
            print(options.json, { seq, replayedAs: taskId, task: subject }, () => taskId);
            return EXIT.ok;
          }
          const result = await client.result(taskId, { timeoutMs: opts.timeout });
          print(
            options.json,
            { seq, replayedAs: taskId, task: subject, result },
            () => `${taskId}\n${JSON.stringify(result, null, 2)}`,
          );
          return EXIT.ok;
        }
        if (opts.wait) throw usageError('dlq replay: --wait needs a single sequence');
        const task = opts.task ? taskSubjectOf(opts.task) : undefined;
        const letters = (
          await listDeadLetters(await conn.jsm(), topology, {
            queue: opts.queue,
            limit: Number.MAX_SAFE_INTEGER,
          })
        )
          .filter((d) => !task || d.task === task)
          .filter((d) => opts.reason === undefined || matchesReason(d, opts.reason))
          .slice(0, opts.limit);
        const results: { seq: number; task: string; replayedAs?: string; error?: string }[] = [];
        for (const d of letters) {
          try {
            results.push({ seq: d.seq, task: d.task, replayedAs: (await replayLetter(conn, d)).taskId });
          } catch (e: unknown) {
            results.push({ seq: d.seq, task: d.task, error: String((e as Error)?.message ?? e) });
          }
        }
        const replayed = results.filter((r) => r.replayedAs).length;
        print(options.json, { matched: letters.length, replayed, results }, () =>
          [
            `${letters.length} dead letter(s) matched, ${replayed} replayed`,
            table(
              ['seq', 'task', 'replayed as', 'error'],
              results.map((r) => [r.seq, r.task, r.replayedAs, r.error]),
            ),
          ].join('\n'),
        );
        return replayed === letters.length ? EXIT.ok : EXIT.taskFailed;
      }),
    );
}
