import type { Command } from 'commander';
import { Connections } from './connections.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { type GlobalOptions, globals } from './global-options.js';

export interface CommandContext {
  conn: Connections;
  options: GlobalOptions;
}

/**
 * Runs a command body with lazily opened connections, closes them whatever happens and
 * sets the exit code the body returns (errors are reported by bin.ts).
 */
export async function runCommand(
  cmd: Command,
  body: (ctx: CommandContext) => Promise<ExitCode | undefined>,
): Promise<void> {
  const options = globals(cmd);
  const conn = new Connections(options);
  try {
    process.exitCode = (await body({ conn, options })) ?? EXIT.ok;
  } finally {
    await conn.close();
  }
}
