import type { SourcePackage } from './packages.js';

/** A page as this check needs it. */
export interface CatalogPage {
  readonly url: string;
  readonly name: string;
  readonly sources: readonly string[];
}

export interface PackageCoverage {
  readonly withPage: readonly SourcePackage[];
  readonly withoutPage: readonly SourcePackage[];
}

const within = (dir: string, parent: string) =>
  parent === '' || dir === parent || dir.startsWith(`${parent}/`);

/** `alias` as a whole word (letters/digits/_ on neither side), any case. */
function mentions(text: string, alias: string): boolean {
  const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}

/**
 * Which packages have a page of their own. A page is a package's page when
 * 1. its recorded sources include at least one of the package's own files, and every
 *    source that belongs to any package belongs to this one or to packages inside its folder
 *    (a page about a whole top folder holding several sibling packages counts for none of
 *    them; files of no package, such as READMEs and manifests, are ignored), and
 * 2. its title or url names the package: its name, last folder or another alias
 *    (`click` in `src/click`, `stream` or `com.google.gson.stream`, Go's package clause).
 * Condition 2 keeps the Overview or Architecture page of a one-package repository from
 * counting as that package's page.
 */
export function packagesWithPage(
  packages: readonly SourcePackage[],
  pages: readonly CatalogPage[],
): PackageCoverage {
  const owner = new Map<string, SourcePackage>();
  for (const p of packages) for (const f of p.files) owner.set(f, p);
  const covered = new Set<SourcePackage>();
  for (const page of pages) {
    const owners = new Set(page.sources.map((s) => owner.get(s)).filter((p): p is SourcePackage => !!p));
    const label = `${page.name} ${page.url}`;
    for (const p of owners) {
      if (covered.has(p)) continue;
      const focused = [...owners].every((o) => o === p || (o.dir !== p.dir && within(o.dir, p.dir)));
      if (focused && p.aliases.some((a) => mentions(label, a))) covered.add(p);
    }
  }
  return {
    withPage: packages.filter((p) => covered.has(p)),
    withoutPage: packages.filter((p) => !covered.has(p)),
  };
}
