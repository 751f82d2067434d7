import type { Citations } from '../generate/citations.js';
import type { AcquiredSource } from '../source/acquire-source.js';
import { fileViewBase } from '../source/web-url.js';

/**
 * How the pages of this run cite files: the documented commit's file view on the web
 * when the source is a clone of a GitHub/GitLab/Gitea-style remote, repository-relative
 * paths otherwise (local repositories, unknown hosts, plain directories).
 */
export function citationsOf(source: AcquiredSource, version: string): Citations {
  const base =
    source.isGit && source.location.kind === 'remote'
      ? fileViewBase(source.location.url, version)
      : undefined;
  return base ? { fileViewBase: base } : {};
}
