import type { Classification } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { CommitInfo } from '../source/git-history.js';
import type { PagePlan } from './catalog-plan.js';
import type { Citations } from './citations.js';

/** Everything a page writer may use to write one page. */
export interface PageInput {
  readonly page: PagePlan;
  readonly analysis: RepositoryAnalysis;
  readonly classification: Classification;
  readonly repoName: string;
  readonly commits: readonly CommitInfo[];
  /** How files are cited (web file view of the documented commit, else repository paths). */
  readonly citations?: Citations;
}
