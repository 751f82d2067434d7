/**
 * Piscina worker module: parses a batch of source files with tree-sitter. It imports
 * only the parser code (no database, NATS or Nest), so a worker thread starts small.
 * Each thread keeps its own parsers, loaded on first use (symbols.ts / tree-sitter.ts).
 */
import type { FileSymbols } from './symbol-types.js';
import { extractSymbols } from './symbols.js';

export interface ParseJob {
  /** linguist language name with a bundled grammar (see `hasGrammar`). */
  readonly language: string;
  readonly source: string;
}

/** One result per job, in order; undefined when tree-sitter gave no tree. */
export default async function parseBatch(jobs: readonly ParseJob[]): Promise<(FileSymbols | undefined)[]> {
  const out: (FileSymbols | undefined)[] = [];
  for (const job of jobs) out.push(await extractSymbols(job.language, job.source));
  return out;
}
