import type { Queue } from '@repowiki/contracts';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { QUEUES } from '../names.js';
import { operatorName } from '../operator-name.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';
import { queueArgument } from '../run-filter-options.js';

function pauseOrResume(paused: boolean): Command {
  return new Command(paused ? 'pause' : 'resume')
    .description(
      paused
        ? 'stop every worker replica of a queue from taking deliveries (within a second; persisted until resume)'
        : 'let the workers of a paused queue take deliveries again',
    )
    .argument('<queue>', `queue (${QUEUES.join(', ')})`, queueArgument)
    .action(async (queue: Queue, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { setQueuePaused } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const [db, nc] = await Promise.all([conn.db(), conn.nats()]);
        const { changed } = await setQueuePaused(db.sql, nc, topology, queue, paused, operatorName(options));
        const state = paused ? 'paused' : 'running';
        print(options.json, { queue, paused, changed }, () =>
          changed ? `${queue}: ${state}` : `${queue}: already ${state}`,
        );
        return EXIT.ok;
      }),
    );
}

export const pauseCommand = () => pauseOrResume(true);
export const resumeCommand = () => pauseOrResume(false);
