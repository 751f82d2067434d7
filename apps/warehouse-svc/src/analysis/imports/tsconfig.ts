import { posix } from 'node:path';

/** What import resolution needs from a `tsconfig*.json` / `jsconfig*.json`. */
export interface TsConfig {
  /** Repository-relative path of the file. */
  readonly path: string;
  /** `compilerOptions.baseUrl` as a repository folder ('' for the root). */
  readonly baseUrl?: string;
  /** `compilerOptions.paths`: pattern (one `*` at most) → targets, as written. */
  readonly paths?: Readonly<Record<string, readonly string[]>>;
  /** `extends` targets inside the repository (relative ones), as repository paths. */
  readonly extends: readonly string[];
}

const CONFIG_NAME = /^[jt]sconfig(\.[^/]*)?\.json$/;

/** True for `tsconfig.json`, `tsconfig.base.json`, `jsconfig.json`… */
export const isTsConfig = (path: string) => CONFIG_NAME.test(posix.basename(path));

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON text of a JSONC document: `//` and `/* *\/` comments and trailing commas
 * removed, strings left as they are. One pass, linear in the text.
 */
export function jsoncToJson(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === ',') {
      let j = i + 1;
      while (j < n && /\s/.test(text[j] ?? '')) j++;
      // A comma before `}` or `]` (after blanks) is a trailing one.
      if (text[j] !== '}' && text[j] !== ']') out += ch;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The parts of a TS/JS config file that resolution reads; undefined when it does not parse. */
export function parseTsConfig(path: string, text: string): TsConfig | undefined {
  let json: unknown;
  try {
    json = JSON.parse(jsoncToJson(text));
  } catch {
    return undefined;
  }
  if (!isDict(json)) return undefined;
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const options = isDict(json.compilerOptions) ? json.compilerOptions : {};
  const baseUrl = typeof options.baseUrl === 'string' ? inRepo(dir, options.baseUrl) : undefined;
  const paths: Record<string, string[]> = {};
  if (isDict(options.paths))
    for (const [pattern, targets] of Object.entries(options.paths))
      if (Array.isArray(targets) && (pattern.match(/\*/g)?.length ?? 0) <= 1)
        paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
  const ext =
    typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
  const extendsPaths = ext
    .filter((e): e is string => typeof e === 'string' && e.startsWith('.'))
    .map((e) => inRepo(dir, e.endsWith('.json') ? e : `${e}.json`))
    .filter((e): e is string => e !== undefined);
  return {
    path,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(isDict(options.paths) ? { paths } : {}),
    extends: extendsPaths,
  };
}

/** `rel` joined to `dir` as a repository path; undefined when it leaves the repository. */
export function inRepo(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/')) return undefined;
  const joined = posix.normalize(posix.join(dir || '.', rel));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** The options in effect for one config: its own, else inherited through `extends`. */
export interface EffectivePaths {
  /** Folder non-relative specifiers resolve from, if `baseUrl` is set. */
  readonly baseUrl?: string;
  readonly paths?: Readonly<Record<string, readonly string[]>>;
  /** Folder `paths` targets are relative to: the baseUrl, else the folder of the config defining `paths`. */
  readonly pathsBase: string;
}

/** Resolves `extends` chains (a cycle or a chain deeper than 16 stops there). */
export function effectivePaths(
  config: TsConfig,
  byPath: ReadonlyMap<string, TsConfig>,
  depth = 0,
): EffectivePaths {
  const dir = posix.dirname(config.path) === '.' ? '' : posix.dirname(config.path);
  let inherited: EffectivePaths | undefined;
  if (depth < 16)
    for (const e of config.extends) {
      const parent = byPath.get(e);
      if (parent) inherited = effectivePaths(parent, byPath, depth + 1);
    }
  const baseUrl = config.baseUrl ?? inherited?.baseUrl;
  const paths = config.paths ?? inherited?.paths;
  const pathsBase = config.baseUrl ?? (config.paths ? dir : (inherited?.pathsBase ?? dir));
  return {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(paths ? { paths } : {}),
    pathsBase: baseUrl ?? pathsBase,
  };
}

/**
 * The targets `spec` maps to under `paths`, best pattern first as TypeScript picks it:
 * an exact pattern, else the wildcard pattern with the longest prefix.
 */
export function mapPaths(spec: string, paths: Readonly<Record<string, readonly string[]>>): string[] {
  let best: { prefixLength: number; targets: string[] } | undefined;
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === spec) return [...targets];
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix))
      continue;
    if (best && best.prefixLength >= prefix.length) continue;
    const matched = spec.slice(prefix.length, spec.length - suffix.length);
    best = { prefixLength: prefix.length, targets: targets.map((t) => t.replace('*', matched)) };
  }
  return best?.targets ?? [];
}
