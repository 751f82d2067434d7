import type { Classification } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { CommitInfo } from '../source/git-history.js';
import type { PagePlan } from './catalog-plan.js';

/** Everything a page writer may use to write one page. */
export interface PageInput {
  readonly page: PagePlan;
  readonly analysis: RepositoryAnalysis;
  readonly classification: Classification;
  readonly repoName: string;
  readonly commits: readonly CommitInfo[];
}
