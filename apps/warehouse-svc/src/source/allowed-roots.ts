import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/** True when `child` is `root` or below it (both absolute, normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True when the real path `real` lies under the real path of one of `roots`. */
export async function isUnderRoots(real: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    const realRoot = await realpath(resolve(root)).catch(() => undefined);
    if (realRoot && isInside(realRoot, real)) return true;
  }
  return false;
}
