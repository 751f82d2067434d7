#!/usr/bin/env node
// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
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
  await (await buildProgram(process.argv)).parseAsync(process.argv);
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
// answer is given, so leave now. Writes to a pipe are not all synchronous: what did not fit
// the pipe's 64 KiB buffer (the fish completion script is 106 KiB) waits in the stream, and
// process.exit() would drop it; it is written first.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();

/** Resolves once everything written to `stream` so far was handed to the OS (or failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => {
    if (stream.writableLength === 0) done();
    else stream.write('', () => done());
  });
}
