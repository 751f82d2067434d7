import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits, type ModuleInfo } from '../analysis/detect-modules.js';
import { TYPE_KINDS } from '../analysis/symbol-types.js';
import { isAuxiliary } from './auxiliary.js';
import { type EntryPoint, entryPoints } from './entry-points.js';
import { type InstallStep, installSteps } from './install-steps.js';
import { fileIndex, filesOf } from './module-files.js';
import { moduleSummary, projectDescription, type Summary } from './project-summary.js';
import { readmeIntro, repeats } from './readme-intro.js';

/** Modules the Overview lists at most (the most public symbols first); the rest are counted. @default 15 */
export const MAX_MAIN_MODULES = 15;
/** Entry points listed at most. @default 12 */
export const MAX_ENTRY_POINTS = 12;

export interface MainModule {
  readonly module: ModuleInfo;
  readonly files: number;
  readonly publicSymbols: number;
  readonly summary?: Summary;
}

/** What the Overview is written from: one computation, shared by its plan (sources) and its text. */
export interface OverviewFacts {
  readonly description?: Summary;
  /** The README's first paragraph of prose (raw; render with `readmeExcerpt`), unless it repeats the description. */
  readonly intro?: string;
  readonly languages: { name: string; files: number }[];
  readonly sourceFiles: number;
  readonly testFiles: number;
  readonly otherFiles: number;
  /** Modules with source files of their own. */
  readonly codeModules: number;
  readonly publicTypes: number;
  readonly publicFunctions: number;
  /** Dependencies the root manifests declare (runtime, distinct). */
  readonly rootDependencies: number;
  /** Most public symbols first (then most files); examples, demos, benchmarks and docs code left out. */
  readonly mainModules: MainModule[];
  readonly entryPoints: EntryPoint[];
  readonly install: InstallStep[];
  /**
   * The files the facts are read from: README, root manifests, where each description and
   * entry point is declared. Sorted.
   */
  readonly sources: string[];
}

const cache = new WeakMap<RepositoryAnalysis, OverviewFacts>();

export function overviewFacts(a: RepositoryAnalysis): OverviewFacts {
  const cached = cache.get(a);
  if (cached) return cached;
  const index = fileIndex(a);
  const description = projectDescription(a);
  const intro = readmeIntro(a.readme?.content, description?.text);
  let publicTypes = 0;
  let publicFunctions = 0;
  const code: MainModule[] = [];
  for (const m of a.modules) {
    const files = filesOf(a, m.key);
    if (files.length === 0) continue;
    let publicSymbols = 0;
    for (const f of files)
      for (const s of f.symbols) {
        if (!s.exported || s.owner !== undefined) continue;
        publicSymbols++;
        if (TYPE_KINDS.has(s.kind)) publicTypes++;
        else if (s.kind === 'function') publicFunctions++;
      }
    // The root module's package doc is often the description itself: said once.
    const own = moduleSummary(a, m);
    const summary = own && description && repeats(own.text, description.text) ? undefined : own;
    code.push({ module: m, files: files.length, publicSymbols, ...(summary ? { summary } : {}) });
  }
  // Examples, demos, benchmarks and docs code are modules too, but not the main ones; nor
  // are modules without a public symbol, unless nothing else is left.
  const main = code.filter((c) => !isAuxiliary(c.module.key));
  const withApi = main.filter((c) => c.publicSymbols > 0);
  const mainModules = [...(withApi.length > 0 ? withApi : main.length > 0 ? main : code)]
    .sort(
      (x, y) =>
        y.publicSymbols - x.publicSymbols || y.files - x.files || byCodeUnits(x.module.key, y.module.key),
    )
    .slice(0, MAX_MAIN_MODULES);
  const languages = a.languages
    .map((l) => ({ name: l.name, files: l.files }))
    .sort((x, y) => y.files - x.files || byCodeUnits(x.name, y.name));
  const rootManifests = a.manifests.filter((m) => !m.path.includes('/'));
  const entries = entryPoints(a)
    .filter((e) => !isAuxiliary(e.path))
    .slice(0, MAX_ENTRY_POINTS);
  const install = installSteps(a);
  const sources = [
    ...(a.readme ? [a.readme.path] : []),
    ...rootManifests.map((m) => m.path),
    ...(description ? [description.path] : []),
    ...mainModules.flatMap((c) => (c.summary ? [c.summary.path] : [])),
    ...entries.map((e) => e.path),
    ...install.map((s) => s.path),
  ];
  const facts: OverviewFacts = {
    ...(description ? { description } : {}),
    ...(intro ? { intro } : {}),
    languages,
    sourceFiles: code.reduce((n, c) => n + c.files, 0),
    testFiles: index.tests.length,
    otherFiles: index.infra.length,
    codeModules: code.length,
    publicTypes,
    publicFunctions,
    rootDependencies: new Set(rootManifests.flatMap((m) => m.dependencies)).size,
    mainModules,
    entryPoints: entries,
    install,
    sources: [...new Set(sources)].sort(byCodeUnits),
  };
  cache.set(a, facts);
  return facts;
}
