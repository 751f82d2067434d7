import type { AnalyzedFile } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';

/** "1 file", "3 files". */
export const count = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

/** The (up to four) most used languages of `files`, most used first, as plain text. */
export function languagesOf(files: readonly AnalyzedFile[]): string {
  const counts = new Map<string, number>();
  for (const f of files) if (f.language) counts.set(f.language, (counts.get(f.language) ?? 0) + 1);
  return [...counts]
    .sort((x, y) => y[1] - x[1] || byCodeUnits(x[0], y[0]))
    .slice(0, 4)
    .map(([l]) => l)
    .join(', ');
}

/** Files grouped by their folder ('' for the root), folders in code-unit order. */
export function byFolder(files: readonly AnalyzedFile[]): [string, AnalyzedFile[]][] {
  const groups = new Map<string, AnalyzedFile[]>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const dir = slash < 0 ? '' : f.path.slice(0, slash);
    const list = groups.get(dir);
    if (list) list.push(f);
    else groups.set(dir, [f]);
  }
  return [...groups].sort(([a], [b]) => byCodeUnits(a, b));
}
