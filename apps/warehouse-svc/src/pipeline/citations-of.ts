import { fileViewBase, repositoryWeb } from '@repowiki/contracts';
import type { Citations } from '../generate/citations.js';
import type { AcquiredSource } from '../source/acquire-source.js';

/**
 * How the pages of this run cite files: the documented commit's file view on the web
 * when the source is a clone of a GitHub/GitLab/Gitea-style remote (`repositoryWeb` and
 * `fileViewBase` of @repowiki/contracts, as minimap-svc links its nodes), repository-relative
 * paths otherwise (local repositories, unknown hosts, plain directories).
 */
export function citationsOf(source: AcquiredSource, version: string): Citations {
  const web =
    source.isGit && source.location.kind === 'remote' ? repositoryWeb(source.location.url) : undefined;
  const base = fileViewBase(web, version);
  return web && base ? { fileViewBase: base, style: web.style } : {};
}
