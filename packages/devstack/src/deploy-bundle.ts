import { type ExecFileSyncOptionsWithStringEncoding, execFileSync } from 'node:child_process';
import { REPO_ROOT } from './services.js';

/**
 * What a service image holds, made without Docker: the service and its workspace packages
 * compiled (`turbo run build`, tsc → dist/), then `pnpm deploy --prod` into `dir`: dist/,
 * package.json and production node_modules only. The Dockerfile runs the same two commands.
 * `--legacy`: pnpm 10 deploys injected workspaces only otherwise, and this workspace links
 * its packages (so tests and `pnpm dev` read their sources).
 */
export function buildDeployBundle(service: string, dir: string): void {
  const opts: ExecFileSyncOptionsWithStringEncoding = {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  };
  execFileSync(
    'pnpm',
    ['turbo', 'run', 'build', `--filter=@repowiki/${service}...`, '--output-logs=errors-only'],
    opts,
  );
  execFileSync('pnpm', ['--filter', `@repowiki/${service}`, 'deploy', '--legacy', '--prod', dir], opts);
}
