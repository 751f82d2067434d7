import { createRequire } from 'node:module';
import { Command } from 'commander';
import { addGlobalOptions } from './global-options.js';

/** From src/ (dev) and dist/ (built) alike: both sit one level below package.json. */
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

function group(name: string, description: string, children: Command[]): Command {
  const g = new Command(name).description(description);
  for (const c of children) g.addCommand(c);
  return g;
}

/**
 * The top-level commands in `--help` order, each with the import of its definition: a run of
 * one command loads that command's file only (its libraries load when its action runs).
 */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<Command>])[] = [
  ['submit', async () => (await import('./commands/submit.command.js')).submitCommand()],
  ['status', async () => (await import('./commands/status.command.js')).statusCommand()],
  ['result', async () => (await import('./commands/result.command.js')).resultCommand()],
  ['list', async () => (await import('./commands/list.command.js')).listCommand()],
  ['count', async () => (await import('./commands/count.command.js')).countCommand()],
  ['show', async () => (await import('./commands/show.command.js')).showCommand()],
  ['retry', async () => (await import('./commands/retry.command.js')).retryCommand()],
  ['revoke', async () => (await import('./commands/revoke.command.js')).revokeCommand()],
  ['events', async () => (await import('./commands/events.command.js')).eventsCommand()],
  [
    'inspect',
    async () => {
      const [active, stats, scheduled, registered] = await Promise.all([
        import('./commands/inspect-active.command.js'),
        import('./commands/inspect-stats.command.js'),
        import('./commands/inspect-scheduled.command.js'),
        import('./commands/inspect-registered.command.js'),
      ]);
      return group('inspect', 'live views of workers (celery inspect)', [
        active.inspectActiveCommand(),
        stats.inspectStatsCommand(),
        scheduled.inspectScheduledCommand(),
        registered.inspectRegisteredCommand(),
      ]);
    },
  ],
  ['streams', async () => (await import('./commands/streams.command.js')).streamsCommand()],
  ['pause', async () => (await import('./commands/pause.command.js')).pauseCommand()],
  ['resume', async () => (await import('./commands/pause.command.js')).resumeCommand()],
  ['purge', async () => (await import('./commands/purge.command.js')).purgeCommand()],
  [
    'dlq',
    async () => {
      const [list, show, replay, purge] = await Promise.all([
        import('./commands/dlq-list.command.js'),
        import('./commands/dlq-show.command.js'),
        import('./commands/dlq-replay.command.js'),
        import('./commands/dlq-purge.command.js'),
      ]);
      return group('dlq', 'dead-lettered tasks', [
        list.dlqListCommand(),
        show.dlqShowCommand(),
        replay.dlqReplayCommand(),
        purge.dlqPurgeCommand(),
      ]);
    },
  ],
  [
    'schedule',
    async () => {
      const [list, history, trigger, pause] = await Promise.all([
        import('./commands/schedule-list.command.js'),
        import('./commands/schedule-history.command.js'),
        import('./commands/schedule-trigger.command.js'),
        import('./commands/schedule-pause.command.js'),
      ]);
      return group('schedule', 'the beat (scheduler-svc)', [
        list.scheduleListCommand(),
        history.scheduleHistoryCommand(),
        trigger.scheduleTriggerCommand(),
        pause.schedulePauseCommand(),
        pause.scheduleResumeCommand(),
      ]);
    },
  ],
  [
    'warehouse',
    async () => {
      const [add, list, show, page, map, reprocess] = await Promise.all([
        import('./commands/warehouse-add.command.js'),
        import('./commands/warehouse-list.command.js'),
        import('./commands/warehouse-show.command.js'),
        import('./commands/warehouse-page.command.js'),
        import('./commands/warehouse-map.command.js'),
        import('./commands/warehouse-reprocess.command.js'),
      ]);
      return group('warehouse', 'repositories', [
        add.warehouseAddCommand(),
        list.warehouseListCommand(),
        show.warehouseShowCommand(),
        page.warehousePageCommand(),
        map.warehouseMapCommand(),
        reprocess.warehouseReprocessCommand(),
      ]);
    },
  ],
  ['completion', async () => (await import('./commands/completion.command.js')).completionCommand()],
];

/**
 * The command tree. Given the command line (`process.argv`), only the command it names is
 * added when it names one: `tasks status <id>` loads one command file, not all of them. The
 * whole tree is built for everything else — `--help`, `help …`, no or an unknown command (the
 * help lists them all, a typo gets the closest names) and `completion` (its script is made
 * from the tree). Options and usage of a command are the same in both trees.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = addGlobalOptions(
    new Command('tasks').description(
      'Operate the repowiki task system: submit, inspect, streams, DLQ, schedule.',
    ),
  );
  program
    .version(version, '-V, --version', 'print the version of tasks')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const named = argv ? commandNamed(program, argv.slice(2)) : undefined;
  const only = COMMANDS.find(([name]) => name === named && name !== 'completion');
  for (const command of await Promise.all((only ? [only] : COMMANDS).map(([, load]) => load())))
    program.addCommand(command);
  // Subcommands inherit exitOverride only when set on each; do it once for the whole tree.
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  return program;
}

/** The first word of `args` that is not a global option or an option's value. */
function commandNamed(program: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (arg.includes('=')) continue;
    const option = program.options.find((o) => o.long === arg || o.short === arg);
    // An unknown option: leave the parsing, and the error, to commander over the whole tree.
    if (!option) return undefined;
    if (option.required || option.optional) i++;
  }
  return undefined;
}
