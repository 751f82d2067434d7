import type { Classification } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import pLimit from 'p-limit';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { Citations } from '../generate/citations.js';
import type { PageWriter } from '../generate/page-writer.js';
import { writePageContent } from '../persist/write-page-content.query.js';
import type { CommitInfo } from '../source/git-history.js';
import type { PageDraft } from './page-drafts.js';

export interface PageJob {
  readonly catalogId: string;
  readonly page: PagePlan;
  /** The deterministic rendering and the digest of its inputs. */
  readonly draft: PageDraft;
}

export interface WritePagesInput {
  readonly db: DbClient;
  readonly analysis: RepositoryAnalysis;
  readonly classification: Classification;
  readonly repoName: string;
  readonly commits: readonly CommitInfo[];
  /** How pages cite files (the commit's web file view, else repository paths). */
  readonly citations?: Citations;
  readonly writer: PageWriter;
  /** Pages generated at once (`TASK_MAX_SIZE_PER_USER`). */
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly onPage?: (done: number, total: number) => void;
}

/**
 * Generates and stores page content, `concurrency` pages at a time (a deterministic writer's
 * text is the draft, rendered once). Returns contents by url.
 */
export async function writePages(
  jobs: readonly PageJob[],
  input: WritePagesInput,
): Promise<Map<string, string>> {
  const limit = pLimit(Math.max(1, input.concurrency));
  const { writer } = input;
  const contents = new Map<string, string>();
  let done = 0;
  await Promise.all(
    jobs.map((job) =>
      limit(async () => {
        input.signal.throwIfAborted();
        const content = writer.deterministic
          ? job.draft.content
          : await writer.write(
              {
                page: job.page,
                analysis: input.analysis,
                classification: input.classification,
                repoName: input.repoName,
                commits: input.commits,
                ...(input.citations ? { citations: input.citations } : {}),
              },
              input.signal,
            );
        await writePageContent(input.db, job.catalogId, job.page, content, job.draft.inputs);
        contents.set(job.page.url, content);
        input.onPage?.(++done, jobs.length);
      }),
    ),
  );
  return contents;
}
