import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { operatorName } from '../operator-name.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

function pauseOrResume(paused: boolean): Command {
  return new Command(paused ? 'pause' : 'resume')
    .description(
      paused
        ? 'stop a schedule entry from firing on every scheduler replica (persisted until resume)'
        : 'let a paused schedule entry fire again from its next slot',
    )
    .argument('<entry>', 'entry name from `tasks schedule list`')
    .action(async (entry: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { SCHEDULER_PAUSE_SUBJECT, SchedulePauseReplySchema } = await import('@repowiki/contracts');
        const { requestScheduler } = await import('../scheduler-request.js');
        const topology = await conn.topology();
        const reply = await requestScheduler(
          await conn.nats(),
          topology,
          SCHEDULER_PAUSE_SUBJECT,
          { entry, paused, by: operatorName(options) },
          SchedulePauseReplySchema,
          options.connectTimeout,
        );
        const state = paused ? 'paused' : 'running';
        print(options.json, reply, () =>
          reply.changed ? `${entry}: ${state}` : `${entry}: already ${state}`,
        );
        return EXIT.ok;
      }),
    );
}

export const schedulePauseCommand = () => pauseOrResume(true);
export const scheduleResumeCommand = () => pauseOrResume(false);
