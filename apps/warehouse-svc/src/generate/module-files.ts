import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';

/** Files an API page lists at most; a module with more is split into parts. @default 40 */
export const FILES_PER_PART = 40;

interface FileIndex {
  readonly byModule: ReadonlyMap<string, AnalyzedFile[]>;
  readonly tests: AnalyzedFile[];
  readonly infra: AnalyzedFile[];
}

const cache = new WeakMap<RepositoryAnalysis, FileIndex>();

/** Files by module (path order), test files and infrastructure files; computed once per analysis. */
export function fileIndex(a: RepositoryAnalysis): FileIndex {
  let index = cache.get(a);
  if (!index) {
    const byModule = new Map<string, AnalyzedFile[]>();
    const tests: AnalyzedFile[] = [];
    const infra: AnalyzedFile[] = [];
    for (const f of [...a.files].sort((x, y) => byCodeUnits(x.path, y.path))) {
      if (f.module !== undefined) {
        const list = byModule.get(f.module);
        if (list) list.push(f);
        else byModule.set(f.module, [f]);
      } else if (f.role === 'test') tests.push(f);
      else infra.push(f);
    }
    index = { byModule, tests, infra };
    cache.set(a, index);
  }
  return index;
}

/** The source files of module `key`, in path order. */
export const filesOf = (a: RepositoryAnalysis, key: string): AnalyzedFile[] =>
  fileIndex(a).byModule.get(key) ?? [];

/** `items` in parts of FILES_PER_PART; one part when they fit. */
export function partsOf<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += FILES_PER_PART) parts.push(items.slice(i, i + FILES_PER_PART));
  return parts.length > 0 ? parts : [[]];
}
