import { createHash } from 'node:crypto';
import type { Classification } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { Citations } from '../generate/citations.js';
import { renderPage } from '../generate/render-page.js';
import type { CommitInfo } from '../source/git-history.js';

/** A page as the deterministic writer renders it, and the digest `update` compares. */
export interface PageDraft {
  readonly content: string;
  /**
   * sha256 (hex) of everything stored for the page: title, description, kind, module and the
   * deterministic Markdown. The Markdown is a pure function of exactly the analysis the page
   * shows (its files' symbols and lines, the module list, totals, imports, commits…), so the
   * digest is that input, recorded as `metadata.inputs`: equal digests mean nothing to write.
   */
  readonly inputs: string;
}

export interface DraftContext {
  readonly analysis: RepositoryAnalysis;
  readonly classification: Classification;
  readonly repoName: string;
  readonly commits: readonly CommitInfo[];
  readonly citations?: Citations;
}

/** Renders every planned page once; keyed by url. */
export function draftPages(plan: readonly PagePlan[], ctx: DraftContext): Map<string, PageDraft> {
  const drafts = new Map<string, PageDraft>();
  for (const page of plan) {
    const content = renderPage({ ...ctx, page });
    drafts.set(page.url, { content, inputs: pageDigest(page, content, ctx.citations) });
  }
  return drafts;
}

/**
 * Citations on a web host name the documented commit (`…/blob/<sha>/…`), so every page's
 * text changes with every commit. The digest leaves that base out: a page whose inputs did
 * not change keeps its stored text, whose links still name an earlier commit at which its
 * cited files had the very lines it shows (had they changed, so would the page).
 */
export function pageDigest(page: PagePlan, content: string, citations?: Citations): string {
  const base = citations?.fileViewBase;
  const text = base ? content.replaceAll(base, '\u0000base') : content;
  const stored = [page.name, page.description, page.kind, page.moduleKey ?? null, text];
  return createHash('sha256').update(JSON.stringify(stored)).digest('hex');
}
