#!/usr/bin/env node
import { CommanderError } from 'commander';
import { toCliError } from './cli.errors.js';
import { loadDevEnv } from './dev-env.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

/**
 * `tasks` entry point. Every failure ends as ONE line on stderr and a documented exit code
 * (see exit-codes.ts); `TASKS_DEBUG=1` adds the stack for bug reports.
 */
try {
  // Before the program is built: its option defaults come from the environment.
  loadDevEnv();
  await buildProgram().parseAsync(process.argv);
} catch (e: unknown) {
  if (e instanceof CommanderError) {
    // Commander already printed its message (usage errors) or the help text.
    process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const err = toCliError(e);
    process.stderr.write(`tasks: ${err.message}\n`);
    if (process.env.TASKS_DEBUG)
      process.stderr.write(`${(err.cause as Error | undefined)?.stack ?? err.stack}\n`);
    process.exitCode = err.exitCode;
  }
}
// A connect attempt to a silent server can leave a socket open after its timeout: the
// answer is given, so leave now (stdout/stderr writes to pipes and files are synchronous).
process.exit();
