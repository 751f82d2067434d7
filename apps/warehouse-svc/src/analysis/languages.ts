import { basename, extname } from 'node:path';
import * as linguist from 'linguist-languages';

export interface LanguageInfo {
  readonly name: string;
  /** linguist type: programming, markup, data or prose. */
  readonly type: string;
}

/**
 * Tie-break for extensions several languages claim (`.md`, `.rs`, `.h`, `.ts`): the
 * popular language wins, as in linguist's own popular.yml, then the language whose
 * primary extension it is, then programming > markup > data > prose.
 */
const POPULAR = [
  'TypeScript',
  'TSX',
  'JavaScript',
  'Python',
  'Go',
  'Rust',
  'Java',
  'C#',
  'C',
  'C++',
  'Markdown',
  'Ruby',
  'PHP',
  'Kotlin',
  'Swift',
  'Shell',
  'Perl',
  'Objective-C',
  'SQL',
  'YAML',
  'JSON',
  'HTML',
  'CSS',
  'XML',
  'TOML',
  'Dockerfile',
  'Makefile',
];
const TYPE_RANK: Record<string, number> = { programming: 0, markup: 1, data: 2, prose: 3 };

interface LinguistEntry {
  readonly name: string;
  readonly type: string;
  readonly extensions?: readonly string[];
  readonly filenames?: readonly string[];
}

interface Candidate {
  readonly info: LanguageInfo;
  readonly score: number;
}

function score(
  lang: { name: string; type: string; extensions?: readonly string[] },
  ext: string | undefined,
): number {
  const popular = POPULAR.indexOf(lang.name);
  const primary = ext !== undefined && lang.extensions?.[0] === ext ? 0 : 1;
  return (popular >= 0 ? popular : 100) * 100 + primary * 10 + (TYPE_RANK[lang.type] ?? 9);
}

function buildIndex(): { byExt: Map<string, LanguageInfo>; byName: Map<string, LanguageInfo> } {
  const ext = new Map<string, Candidate>();
  const name = new Map<string, Candidate>();
  for (const lang of Object.values(linguist) as LinguistEntry[]) {
    const info = { name: lang.name, type: lang.type };
    for (const e of lang.extensions ?? []) {
      const c = { info, score: score(lang, e) };
      const prev = ext.get(e.toLowerCase());
      if (!prev || c.score < prev.score) ext.set(e.toLowerCase(), c);
    }
    for (const f of lang.filenames ?? []) {
      const c = { info, score: score(lang, undefined) };
      const prev = name.get(f);
      if (!prev || c.score < prev.score) name.set(f, c);
    }
  }
  const strip = (m: Map<string, Candidate>) => new Map([...m].map(([k, v]) => [k, v.info]));
  return { byExt: strip(ext), byName: strip(name) };
}

const INDEX = buildIndex();

/** Language of a repository path by file name, then by (multi-part) extension. */
export function detectLanguage(path: string): LanguageInfo | undefined {
  const file = basename(path);
  const byName = INDEX.byName.get(file);
  if (byName) return byName;
  const lower = file.toLowerCase();
  // `.d.ts`, `.spec.ts`: try the longest known extension first.
  for (let i = lower.indexOf('.'); i >= 0 && i < lower.length - 1; i = lower.indexOf('.', i + 1)) {
    const hit = INDEX.byExt.get(lower.slice(i));
    if (hit) return hit;
  }
  const ext = extname(lower);
  return ext ? INDEX.byExt.get(ext) : undefined;
}
