/**
 * `pnpm bench <name> [...args]`: runs `packages/<name>/bench/<name>.bench.ts` or
 * `apps/<name>-svc/bench/<name>.bench.ts` in a child node with the same flags as this
 * process (`--conditions=source`, the swc loader), so benchmarks run from src/ like tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const candidates = name
  ? [
      join('packages', name, 'bench', `${name}.bench.ts`),
      join('apps', `${name}-svc`, 'bench', `${name}.bench.ts`),
    ]
  : [];
const script = candidates.find((c) => existsSync(c));
if (!name || !script) {
  process.stderr.write(
    name
      ? `bench: no benchmark "${name}" (looked for ${candidates.join(', ')})\n`
      : 'usage: pnpm bench <name> [...args]\n',
  );
  process.exit(2);
}
const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
