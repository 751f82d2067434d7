import { createHash } from 'node:crypto';
import type { RepositoryAnalysis } from './analyze-repository.js';

/**
 * Version of a plain (non-git) directory: a hash over paths and sizes, so an unchanged
 * directory keeps its version and `update` reports nothing changed.
 */
export function contentVersion(a: RepositoryAnalysis): string {
  const h = createHash('sha256');
  for (const f of a.files) h.update(`${f.path}\0${f.size}\n`);
  for (const s of a.skipped) h.update(`${s.path}\0${s.reason}\n`);
  return `dir-${h.digest('hex').slice(0, 40)}`;
}
