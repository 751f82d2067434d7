import type { Classification } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { CommitInfo } from '../source/git-history.js';
import type { PagePlan } from './catalog-plan.js';
import { renderPage } from './render-page.js';

export interface PageInput {
  readonly page: PagePlan;
  readonly analysis: RepositoryAnalysis;
  readonly classification: Classification;
  readonly repoName: string;
  readonly commits: readonly CommitInfo[];
}

/**
 * Writes the Markdown of one page. The default writer is deterministic and offline; an
 * LLM-backed writer (OpenAI-compatible endpoint) implements the same interface and may
 * start from the deterministic text.
 */
export interface PageWriter {
  write(input: PageInput, signal: AbortSignal): Promise<string>;
}

export const deterministicPageWriter: PageWriter = {
  write: async (input) => renderPage(input),
};
