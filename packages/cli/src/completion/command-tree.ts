import { QUEUES, TASK_STATES, TASK_SUBJECTS } from '@repowiki/contracts';
import type { Command } from 'commander';

/** One command of the tree as a completion script needs it. */
export interface CompletionNode {
  /** Names from the root, e.g. `['dlq', 'replay']`; `[]` for `tasks` itself. */
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  /** This command's flags and the root's (commander accepts those after the command name too). */
  options: { flags: string[]; description: string; takesValue: boolean; values: string[] }[];
  /** Fixed values of its first argument (task names, queues), if any. */
  argValues: string[];
}

/** Every way a task may be named: `process`, `warehouse.process`, `tasks.warehouse.process`. */
export function taskNames(): string[] {
  const names = new Set<string>();
  for (const s of TASK_SUBJECTS) {
    const [, queue, task] = s.split('.');
    names.add(s);
    names.add(`${queue}.${task}`);
    if (TASK_SUBJECTS.filter((o) => o.endsWith(`.${task}`)).length === 1) names.add(task ?? '');
  }
  return [...names].sort();
}

/** Fixed values of a flag, by its long name. */
function valuesOf(long: string | undefined): string[] {
  switch (long) {
    case '--task':
      return taskNames();
    case '--queue':
      return [...QUEUES];
    case '--state':
      return [...TASK_STATES];
    case '--status':
      return ['pending', 'processing', 'completed', 'canceled', 'unauthorized', 'failed'];
    default:
      return [];
  }
}

/** Fixed values of a command's first argument, from its name. */
function argValuesOf(cmd: Command): string[] {
  const arg = cmd.registeredArguments[0]?.name();
  if (arg === 'task') return taskNames();
  if (arg === 'queue') return [...QUEUES];
  if (arg === 'shell') return ['bash', 'zsh', 'fish'];
  return [];
}

/**
 * The program's commands, depth first, read from commander itself: a completion script made
 * from this cannot fall behind the commands (`tasks completion` prints it from the running tree).
 */
export function completionTree(program: Command): CompletionNode[] {
  const optionsOf = (cmd: Command) =>
    cmd.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        flags: [o.short, o.long].filter((f): f is string => Boolean(f)),
        description: o.description,
        takesValue: o.required || o.optional,
        values: valuesOf(o.long),
      }));
  const root = optionsOf(program);
  const nodes: CompletionNode[] = [];
  const walk = (cmd: Command, path: string[]) => {
    nodes.push({
      path,
      description: cmd.description(),
      subcommands: cmd.commands.map((c) => ({ name: c.name(), description: c.description() })),
      options: path.length === 0 ? root : [...optionsOf(cmd), ...root],
      argValues: argValuesOf(cmd),
    });
    for (const c of cmd.commands) walk(c, [...path, c.name()]);
  };
  walk(program, []);
  return nodes;
}
