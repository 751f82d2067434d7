/**
 * `pnpm bench <name> [...args]`: runs the benchmark script `<name>.bench.ts` found in the
 * `bench/` folder of a package or app (`packages/<name>/bench/`, `apps/<name>-svc/bench/`,
 * or any `packages/*\/bench/`, `apps/*\/bench/`: `wiki` lives in warehouse-svc) in a child
 * node with the same flags as this process (`--conditions=source`, the swc loader), so
 * benchmarks run from src/ like tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const file = `${name}.bench.ts`;
const preferred = name
  ? [join('packages', name, 'bench', file), join('apps', `${name}-svc`, 'bench', file)]
  : [];
const anywhere = name
  ? ['packages', 'apps'].flatMap((root) =>
      readdirSync(root)
        .sort()
        .map((dir) => join(root, dir, 'bench', file)),
    )
  : [];
const script = [...preferred, ...anywhere].find((c) => existsSync(c));
if (!name || !script) {
  process.stderr.write(
    name
      ? `bench: no benchmark "${name}" (looked for packages/*/bench/${file}, apps/*/bench/${file})\n`
      : 'usage: pnpm bench <name> [...args]\n',
  );
  process.exit(2);
}
const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
