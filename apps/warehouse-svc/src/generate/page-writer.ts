import type { PageInput } from './page-input.js';
import { renderPage } from './render-page.js';

/**
 * Writes the Markdown of one page. The default writer is deterministic and offline; an
 * LLM-backed writer (OpenAI-compatible endpoint) implements the same interface and may
 * start from the deterministic text. Whatever a writer returns is stored and shown as the
 * page: text derived from the repository MUST reach it through `markdown-escape.ts` (or
 * `readme-excerpt.ts`), and an LLM's answer counts as repository-derived (SECURITY.md,
 * "Wiki output").
 */
export interface PageWriter {
  /**
   * True when `write` returns exactly `renderPage(input)`: the pipeline then stores the
   * rendering it already made (to compare inputs) and rewrites a page only when that text
   * changes. Any other writer's pages are also rewritten when one of their sources changes.
   */
  readonly deterministic?: boolean;
  write(input: PageInput, signal: AbortSignal): Promise<string>;
}

export const deterministicPageWriter: PageWriter = {
  deterministic: true,
  write: async (input) => renderPage(input),
};
