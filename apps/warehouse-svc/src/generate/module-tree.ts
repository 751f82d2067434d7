import type { ModuleInfo } from '../analysis/detect-modules.js';

/** Visits `modules` depth first, each parent before its children (in key order), with its depth. */
export function walkModules(
  modules: readonly ModuleInfo[],
  visit: (m: ModuleInfo, depth: number) => void,
): void {
  const children = new Map<string | undefined, ModuleInfo[]>();
  for (const m of modules) {
    const list = children.get(m.parent);
    if (list) list.push(m);
    else children.set(m.parent, [m]);
  }
  const walk = (parent: string | undefined, depth: number) => {
    for (const m of children.get(parent) ?? []) {
      visit(m, depth);
      walk(m.key, depth + 1);
    }
  };
  walk(undefined, 0);
}
