import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './services.js';

/** apps/console: its front-end is built with vite, as `pnpm build` does. */
const CONSOLE_DIR = join(REPO_ROOT, 'apps', 'console');

/**
 * Builds the console's front-end into `outDir` (default: the app's `dist/web`, which the console
 * serves unless CONSOLE_WEB_DIR says otherwise). A few seconds; `pnpm dev` runs it at start so
 * the console shows the checkout's current front-end.
 */
export async function buildConsoleWeb(outDir?: string): Promise<void> {
  // vite's package exports hide its bin: find it beside its package.json.
  const pkg = createRequire(join(CONSOLE_DIR, 'package.json')).resolve('vite/package.json');
  const args = [
    join(dirname(pkg), 'bin', 'vite.js'),
    'build',
    '--config',
    'web/vite.config.ts',
    '--logLevel',
    'warn',
  ];
  // vite refuses a second build of one project while another runs (a lock per project). A
  // build into a directory of its own (a test's, CONSOLE_WEB_DIR) writes nothing another build
  // reads or writes, so it passes that check: tests and `pnpm dev` may build side by side.
  if (outDir) args.push('--outDir', outDir, '--bypass-lock');
  const child = spawn(process.execPath, args, { cwd: CONSOLE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0)
    throw new Error(`building the console front-end failed (exit ${code}): ${output.slice(-2_000)}`);
}
