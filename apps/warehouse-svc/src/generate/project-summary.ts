import { posix } from 'node:path';
import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { ModuleInfo } from '../analysis/detect-modules.js';
import type { ManifestKind } from '../analysis/manifests.js';
import { stripHtml } from './markdown-escape.js';
import { filesOf } from './module-files.js';

/** Characters of a one-line summary kept at most, cut after a whole word. @default 300 */
export const MAX_SUMMARY_CHARS = 300;

/** A one-line summary and the file it was read from (a recorded source of the page). */
export interface Summary {
  /** Plain text, one line (escape it for Markdown). */
  readonly text: string;
  readonly path: string;
}

/** Manifests whose description names the project, most telling first. */
const DESCRIBING: readonly ManifestKind[] = [
  'npm',
  'python',
  'cargo',
  'maven',
  'composer',
  'gradle',
  'dotnet',
];
/** Files whose doc is their module's own: a package's entry point. */
const MODULE_DOC_FILE = /^(__init__\.py|doc\.go|package-info\.java|lib\.rs|mod\.rs|main\.rs)$/;

/**
 * What the repository is, in one line: the description of a manifest at its root
 * (package.json, pyproject `[project]`, Cargo.toml, pom.xml `<description>`…), else the
 * package doc of the root module (a Go package comment), else the description of its only
 * described manifest.
 */
export function projectDescription(a: RepositoryAnalysis): Summary | undefined {
  const rootManifests = a.manifests
    .filter((m) => !m.path.includes('/') && m.description && oneLine(m.description))
    .sort((x, y) => DESCRIBING.indexOf(x.kind) - DESCRIBING.indexOf(y.kind));
  const root = rootManifests[0];
  if (root?.description) return { text: oneLine(root.description), path: root.path };
  const rootModule = a.modules.find((m) => m.key === '');
  const doc = rootModule ? moduleDoc(a, rootModule) : undefined;
  if (doc) return doc;
  const described = a.manifests.filter((m) => m.description && oneLine(m.description));
  const only = described.length === 1 ? described[0] : undefined;
  return only?.description ? { text: oneLine(only.description), path: only.path } : undefined;
}

/** What a module is, in one line: its manifest's description, else its package doc. */
export function moduleSummary(a: RepositoryAnalysis, m: ModuleInfo): Summary | undefined {
  const described = m.manifest?.description ? oneLine(m.manifest.description) : '';
  if (m.manifest && described) return { text: described, path: m.manifest.path };
  return moduleDoc(a, m);
}

/**
 * The package doc of a module: that of its entry file (`__init__.py`, `doc.go`,
 * `package-info.java`, `lib.rs`…), else, for Go and Java whose every file may carry it,
 * the first file that has one.
 */
function moduleDoc(a: RepositoryAnalysis, m: ModuleInfo): Summary | undefined {
  const files = filesOf(a, m.key).filter((f) => f.packageDoc);
  const entry = files.find((f) => MODULE_DOC_FILE.test(posix.basename(f.path)));
  // Go reads the package comment of any file; Java only that of package-info.java.
  const pick = entry ?? files.find((f: AnalyzedFile) => f.language === 'Go');
  const doc = pick?.packageDoc ? oneLine(pick.packageDoc) : '';
  return pick && doc && !LICENCE.test(doc) ? { text: doc, path: pick.path } : undefined;
}

/** A licence header above the package clause is no description. */
const LICENCE = /^(copyright\b|\(c\)|©|spdx-license|licensed under|this file is part of)/i;

/** `value` as one line of plain text without HTML, at most MAX_SUMMARY_CHARS, cut after a word. */
export function oneLine(value: string): string {
  const line = stripHtml(value).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  if (chars.length <= MAX_SUMMARY_CHARS) return line;
  const head = chars.slice(0, MAX_SUMMARY_CHARS).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > 0 ? head.slice(0, space) : head).replace(/[\s,;:]+$/, '')}…`;
}
