import { auditMarkdown } from './markdown-audit.js';

/**
 * Links of a wiki that lead nowhere: every relative link must name a page of the wiki
 * (`modules/…`, `api/…`) or, when `repoPaths` is given, a file or folder of the repository
 * (a citation without a web address), optionally with a `#L<a>-L<b>` anchor.
 */
export function brokenLinks(
  pages: readonly { url: string; content: string | null }[],
  repoPaths?: readonly string[],
): string[] {
  const urls = new Set(pages.map((p) => p.url));
  const paths = new Set(repoPaths ?? []);
  for (const p of repoPaths ?? [])
    for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) paths.add(p.slice(0, i));
  const broken: string[] = [];
  for (const page of pages) {
    for (const href of auditMarkdown(page.content ?? '').hrefs) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const [path = '', anchor] = href.split('#');
      const target = decodeURIComponent(path);
      const ok =
        urls.has(target) || (paths.has(target) && (anchor === undefined || /^L\d+(-L\d+)?$/.test(anchor)));
      if (!ok) broken.push(`${page.url}: ${href}`);
    }
  }
  return broken;
}
