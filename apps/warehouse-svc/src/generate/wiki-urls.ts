import type { ModuleInfo } from '../analysis/detect-modules.js';
import { mdLink, plainLine, relativeHref } from './markdown-escape.js';

/**
 * Page slugs. Module pages sit at `modules/<folder>`, API pages at `api/<folder>` and API
 * parts at `api/<folder>/~<n>`; the root module's folder is '' and gets the segment `~root`.
 * Slugs are relative, as readers resolve them; `uniqueUrls` settles the (unlikely)
 * collision with a folder really named `~root` or `~2`.
 */
export const ROOT_SEGMENT = '~root';

const segment = (key: string) => (key === '' ? ROOT_SEGMENT : key);
export const moduleUrl = (key: string) => `modules/${segment(key)}`;
export const apiUrl = (key: string, part?: number) => `api/${segment(key)}${part ? `/~${part}` : ''}`;

/** A link to another wiki page; `label` is repository text and is escaped. */
export function pageLink(label: string, url: string): string {
  return mdLink(label, relativeHref(url));
}

/** What readers call a module: its language name, the repository's name for an unnamed root. */
export function moduleTitle(m: Pick<ModuleInfo, 'key' | 'name'>, repoName: string): string {
  return (
    plainLine(m.name, { max: 200 }) || (m.key === '' ? plainLine(repoName, { max: 200 }) : m.key) || 'root'
  );
}

const KIND_LABELS: Record<ModuleInfo['kind'], string> = {
  'python-package': 'Python package',
  'go-package': 'Go package',
  'java-package': 'Java package',
  'csharp-namespace': 'C# namespace',
  'rust-module': 'Rust module',
  'js-package': 'JavaScript/TypeScript module',
  folder: 'Folder',
  project: 'Project',
};

/** "Python package", "Maven module"… as plain text. */
export function kindLabel(m: Pick<ModuleInfo, 'kind' | 'language' | 'manifest'>): string {
  if (m.kind === 'project') {
    const kind = m.manifest?.kind;
    if (kind === 'maven') return 'Maven module';
    if (kind === 'gradle') return 'Gradle project';
    if (kind === 'npm') return 'npm package';
    if (kind === 'cargo') return 'Rust crate';
    if (kind === 'dotnet') return '.NET project';
    if (kind === 'go') return 'Go module';
    if (kind === 'python') return 'Python project';
    return 'Project';
  }
  if (m.kind === 'folder') return m.language ? `${m.language} folder` : 'Folder';
  if (m.kind === 'js-package' && m.language === 'TypeScript') return 'TypeScript module';
  if (m.kind === 'js-package' && m.language === 'JavaScript') return 'JavaScript module';
  return KIND_LABELS[m.kind];
}

/**
 * Module titles that tell modules apart: a title two modules share (a Java package in two
 * source folders) gets the module's folder after it.
 */
export function distinctTitles(
  modules: readonly Pick<ModuleInfo, 'key' | 'name'>[],
  repoName: string,
): Map<string, string> {
  const titles = new Map(modules.map((m) => [m.key, moduleTitle(m, repoName)]));
  const uses = new Map<string, number>();
  for (const t of titles.values()) uses.set(t, (uses.get(t) ?? 0) + 1);
  for (const [key, t] of titles) if ((uses.get(t) ?? 0) > 1) titles.set(key, `${t} (${key || 'root'}/)`);
  return titles;
}
