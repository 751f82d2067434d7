import { createRequire } from 'node:module';
import { Command } from 'commander';
import { completionCommand } from './commands/completion.command.js';
import { countCommand } from './commands/count.command.js';
import { dlqListCommand } from './commands/dlq-list.command.js';
import { dlqPurgeCommand } from './commands/dlq-purge.command.js';
import { dlqReplayCommand } from './commands/dlq-replay.command.js';
import { dlqShowCommand } from './commands/dlq-show.command.js';
import { eventsCommand } from './commands/events.command.js';
import { inspectActiveCommand } from './commands/inspect-active.command.js';
import { inspectRegisteredCommand } from './commands/inspect-registered.command.js';
import { inspectScheduledCommand } from './commands/inspect-scheduled.command.js';
import { inspectStatsCommand } from './commands/inspect-stats.command.js';
import { listCommand } from './commands/list.command.js';
import { pauseCommand, resumeCommand } from './commands/pause.command.js';
import { purgeCommand } from './commands/purge.command.js';
import { resultCommand } from './commands/result.command.js';
import { retryCommand } from './commands/retry.command.js';
import { revokeCommand } from './commands/revoke.command.js';
import { scheduleHistoryCommand } from './commands/schedule-history.command.js';
import { scheduleListCommand } from './commands/schedule-list.command.js';
import { schedulePauseCommand, scheduleResumeCommand } from './commands/schedule-pause.command.js';
import { scheduleTriggerCommand } from './commands/schedule-trigger.command.js';
import { showCommand } from './commands/show.command.js';
import { statusCommand } from './commands/status.command.js';
import { streamsCommand } from './commands/streams.command.js';
import { submitCommand } from './commands/submit.command.js';
import { warehouseAddCommand } from './commands/warehouse-add.command.js';
import { warehouseListCommand } from './commands/warehouse-list.command.js';
import { warehouseMapCommand } from './commands/warehouse-map.command.js';
import { warehousePageCommand } from './commands/warehouse-page.command.js';
import { warehouseReprocessCommand } from './commands/warehouse-reprocess.command.js';
import { warehouseShowCommand } from './commands/warehouse-show.command.js';
import { addGlobalOptions } from './global-options.js';

/** From src/ (dev) and dist/ (built) alike: both sit one level below package.json. */
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

function group(name: string, description: string, children: Command[]): Command {
  const g = new Command(name).description(description);
  for (const c of children) g.addCommand(c);
  return g;
}

export function buildProgram(): Command {
  const program = addGlobalOptions(
    new Command('tasks').description(
      'Operate the repowiki task system: submit, inspect, streams, DLQ, schedule.',
    ),
  );
  program
    .version(version, '-V, --version', 'print the version of tasks')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(submitCommand());
  program.addCommand(statusCommand());
  program.addCommand(resultCommand());
  program.addCommand(listCommand());
  program.addCommand(countCommand());
  program.addCommand(showCommand());
  program.addCommand(retryCommand());
  program.addCommand(revokeCommand());
  program.addCommand(eventsCommand());
  program.addCommand(
    group('inspect', 'live views of workers (celery inspect)', [
      inspectActiveCommand(),
      inspectStatsCommand(),
      inspectScheduledCommand(),
      inspectRegisteredCommand(),
    ]),
  );
  program.addCommand(streamsCommand());
  program.addCommand(pauseCommand());
  program.addCommand(resumeCommand());
  program.addCommand(purgeCommand());
  program.addCommand(
    group('dlq', 'dead-lettered tasks', [
      dlqListCommand(),
      dlqShowCommand(),
      dlqReplayCommand(),
      dlqPurgeCommand(),
    ]),
  );
  program.addCommand(
    group('schedule', 'the beat (scheduler-svc)', [
      scheduleListCommand(),
      scheduleHistoryCommand(),
      scheduleTriggerCommand(),
      schedulePauseCommand(),
      scheduleResumeCommand(),
    ]),
  );
  program.addCommand(
    group('warehouse', 'repositories', [
      warehouseAddCommand(),
      warehouseListCommand(),
      warehouseShowCommand(),
      warehousePageCommand(),
      warehouseMapCommand(),
      warehouseReprocessCommand(),
    ]),
  );
  program.addCommand(completionCommand());
  // Subcommands inherit exitOverride only when set on each; do it once for the whole tree.
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  return program;
}
