import { createInterface } from 'node:readline/promises';
import { usageError } from './cli.errors.js';

/**
 * Asks before a destructive operation. `--yes` skips the question; without a terminal to ask
 * on (a script, a pipe) the command refuses (exit 2) rather than act unasked.
 * @returns true when the operator agreed
 */
export async function confirm(
  question: string,
  yes: boolean,
  streams: { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stderr,
  },
): Promise<boolean> {
  if (yes) return true;
  if (!streams.input.isTTY)
    throw usageError(
      `${question.replace(/\?$/, '')}: refused without --yes (stdin is not a terminal to ask on)`,
    );
  const rl = createInterface({ input: streams.input, output: streams.output });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
