import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { toInt } from '../global-options.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function scheduleTriggerCommand(): Command {
  return new Command('trigger')
    .description('fire a schedule entry now, once (even while it is paused); prints the task id')
    .argument('<entry>', 'entry name from `tasks schedule list`')
    .option('--timeout <ms>', 'how long to wait for scheduler-svc to publish it', toInt, 15_000)
    .action(async (entry: string, opts: { timeout: number }, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { SCHEDULER_TRIGGER_SUBJECT, ScheduleTriggerReplySchema } = await import('@repowiki/contracts');
        const { requestScheduler } = await import('../scheduler-request.js');
        const topology = await conn.topology();
        // The request time names the fire: a repeat of this request fires nothing new.
        const requestedAt = new Date().toISOString();
        const reply = await requestScheduler(
          await conn.nats(),
          topology,
          SCHEDULER_TRIGGER_SUBJECT,
          { entry, requestedAt },
          ScheduleTriggerReplySchema,
          opts.timeout,
        );
        print(options.json, reply, () => `${reply.entry}: fired ${reply.task} as ${reply.taskId}`);
        return EXIT.ok;
      }),
    );
}
