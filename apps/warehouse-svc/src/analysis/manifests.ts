import { basename } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';

export type ManifestKind =
  | 'npm'
  | 'python'
  | 'requirements'
  | 'go'
  | 'cargo'
  | 'maven'
  | 'gradle'
  | 'dotnet'
  | 'composer'
  | 'gem';

export interface Manifest {
  /** Repository-relative path of the manifest file. */
  readonly path: string;
  readonly kind: ManifestKind;
  readonly name?: string;
  readonly description?: string;
  readonly dependencies: string[];
  readonly devDependencies: string[];
  /** Script name → command (npm scripts, composer scripts, pyproject scripts). */
  readonly scripts: Record<string, string>;
  /** Files or commands a user starts: `main`, `bin`, console scripts, `cmd/*`. */
  readonly entryPoints: string[];
  /** Command-line executables the project installs (bin, console_scripts, [[bin]]). */
  readonly bins: string[];
  /** npm: the files importing the package loads (`exports["."]` targets, `module`, `main`), in that order. */
  readonly libraryEntries?: string[];
  /** Executable → what it runs: npm `bin` file, console script `pkg.mod:fn`, Cargo `[[bin]]` path. */
  readonly binEntries?: Readonly<Record<string, string>>;
  /** `"private": true` in a package.json: never published (a workspace root, an app). */
  readonly private?: boolean;
  /** The tool of package.json `packageManager` (`pnpm@10.1.0` → `pnpm`). */
  readonly packageManager?: string;
}

/**
 * Manifests larger than this are not parsed (the analysis notes them): a real manifest is a
 * few kilobytes, and every parser here then runs in bounded time on the task's main thread.
 * @default 1_048_576 (1 MiB)
 */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** Manifest kind by file name; undefined for other files. */
export function manifestKind(path: string): ManifestKind | undefined {
  const name = basename(path);
  if (name === 'package.json') return 'npm';
  if (name === 'pyproject.toml' || name === 'setup.cfg') return 'python';
  if (name === 'requirements.txt') return 'requirements';
  if (name === 'go.mod') return 'go';
  if (name === 'Cargo.toml') return 'cargo';
  if (name === 'pom.xml') return 'maven';
  if (name === 'build.gradle' || name === 'build.gradle.kts') return 'gradle';
  if (name.endsWith('.csproj')) return 'dotnet';
  if (name === 'composer.json') return 'composer';
  if (name === 'Gemfile') return 'gem';
  return undefined;
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const keys = (v: unknown): string[] => (isDict(v) ? Object.keys(v) : []);
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The first capture group of `re` on each non-blank trimmed line of `text`, in order.
 * Line-oriented manifests are matched one line at a time with regexes anchored at the
 * line's start: a multi-line `^\s*…` regex tries every line start against the rest of the
 * file (`\s` crosses newlines), quadratic in the file size — minutes for a 1 MiB Gemfile of
 * blank lines (issue 12, finding 5). Blank lines never reach a regex.
 */
function matchLines(text: string, re: RegExp): string[] {
  const found: string[] = [];
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end).trim();
    const hit = line ? re.exec(line)?.[1] : undefined;
    if (hit) found.push(hit);
    start = end + 1;
  }
  return found;
}

/** Conditions whose targets are no code (type declarations). */
const TYPE_CONDITIONS = new Set(['types', 'typings']);
/** `exports` targets read at most. @default 8 */
const MAX_EXPORT_TARGETS = 8;

/**
 * The targets of a package.json `exports` for the package root (`"."`): the value itself
 * when it is a string, an array or an object of conditions; the `"."` entry of a subpath
 * map. Leaves in document order, type declarations left out.
 */
function exportTargets(exports: unknown): string[] {
  const root =
    isDict(exports) && Object.keys(exports).some((k) => k.startsWith('.')) ? exports['.'] : exports;
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (out.length >= MAX_EXPORT_TARGETS || depth > 4) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isDict(v))
      for (const [k, x] of Object.entries(v)) if (!TYPE_CONDITIONS.has(k)) visit(x, depth + 1);
  };
  visit(root, 0);
  return out;
}

/**
 * Parses one manifest; a malformed one, or one over `MAX_MANIFEST_BYTES`, yields undefined
 * (noted by the caller, never fatal). Linear in the size of `text` for the line-oriented
 * kinds (go.mod, Gradle, Gemfile, requirements).
 */
export function parseManifest(path: string, text: string): Manifest | undefined {
  const kind = manifestKind(path);
  if (!kind || Buffer.byteLength(text, 'utf8') > MAX_MANIFEST_BYTES) return undefined;
  const base = { path, kind, dependencies: [], devDependencies: [], scripts: {}, entryPoints: [], bins: [] };
  try {
    switch (kind) {
      case 'npm':
      case 'composer': {
        const j = JSON.parse(text) as Dict;
        const bin = j.bin;
        const bins =
          typeof bin === 'string'
            ? [str(j.name) ?? 'bin']
            : keys(bin).concat(
                asArray(j.bin as string[] | undefined).filter(
                  (b) => typeof b === 'string' && kind === 'composer',
                ),
              );
        const scripts = Object.fromEntries(
          Object.entries(isDict(j.scripts) ? j.scripts : {}).map(([k, v]) => [k, String(v)]),
        );
        return {
          ...base,
          name: str(j.name),
          description: str(j.description),
          dependencies: keys(kind === 'npm' ? j.dependencies : j.require),
          devDependencies: keys(kind === 'npm' ? j.devDependencies : j['require-dev']),
          scripts,
          entryPoints: [
            str(j.main),
            str(j.module),
            ...(typeof bin === 'string' ? [bin] : Object.values(isDict(bin) ? bin : {}).map(String)),
          ].filter((x): x is string => !!x),
          bins,
          ...(kind === 'npm'
            ? {
                libraryEntries: [
                  ...new Set(
                    [...exportTargets(j.exports), str(j.module), str(j.main)].filter((x): x is string => !!x),
                  ),
                ],
                binEntries:
                  typeof bin === 'string'
                    ? { [str(j.name) ?? 'bin']: bin }
                    : Object.fromEntries(
                        Object.entries(isDict(bin) ? bin : {}).filter(
                          (e): e is [string, string] => typeof e[1] === 'string',
                        ),
                      ),
              }
            : {}),
          ...(j.private === true ? { private: true } : {}),
          ...(typeof j.packageManager === 'string' && /^[a-z]+@/.test(j.packageManager)
            ? { packageManager: j.packageManager.slice(0, j.packageManager.indexOf('@')) }
            : {}),
        };
      }
      case 'python': {
        if (path.endsWith('setup.cfg')) return { ...base };
        const t = parseToml(text) as Dict;
        const project = isDict(t.project) ? t.project : {};
        const poetry = isDict(t.tool) && isDict(t.tool.poetry) ? t.tool.poetry : {};
        const scripts = {
          ...(isDict(project.scripts) ? project.scripts : {}),
          ...(isDict(poetry.scripts) ? poetry.scripts : {}),
        };
        const deps = asArray(project.dependencies as string[] | undefined)
          .map((d) => String(d).split(/[\s<>=!~;[]/)[0] ?? '')
          .concat(keys(poetry.dependencies));
        return {
          ...base,
          name: str(project.name) ?? str(poetry.name),
          description: str(project.description) ?? str(poetry.description),
          dependencies: deps.filter((d) => d && d !== 'python'),
          scripts: Object.fromEntries(Object.entries(scripts).map(([k, v]) => [k, String(v)])),
          entryPoints: Object.values(scripts).map(String),
          bins: Object.keys(scripts),
          binEntries: Object.fromEntries(Object.entries(scripts).map(([k, v]) => [k, String(v)])),
        };
      }
      case 'requirements':
        return {
          ...base,
          // The name before any version specifier, marker, extra or comment; options (`-r`) and
          // comment lines are not requirements.
          dependencies: matchLines(text, /^([^\s<>=!~;[#-][^\s<>=!~;[#]*)/),
        };
      case 'go': {
        const module = matchLines(text, /^module\s+(\S+)/)[0];
        const requires = matchLines(text, /^(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/\S+)\s+v[\w.+-]+/);
        return { ...base, name: module, dependencies: requires };
      }
      case 'cargo': {
        const t = parseToml(text) as Dict;
        const pkg = isDict(t.package) ? t.package : {};
        const bins = asArray(t.bin as Dict[] | undefined)
          .map((b) => str(b.name))
          .filter((b): b is string => !!b);
        return {
          ...base,
          name: str(pkg.name),
          description: str(pkg.description),
          dependencies: keys(t.dependencies),
          devDependencies: keys(t['dev-dependencies']),
          bins,
          entryPoints: asArray(t.bin as Dict[] | undefined)
            .map((b) => str(b.path))
            .filter((b): b is string => !!b),
          binEntries: Object.fromEntries(
            asArray(t.bin as Dict[] | undefined).flatMap((b) => {
              const name = str(b.name);
              return name ? [[name, str(b.path) ?? `src/bin/${name}.rs`]] : [];
            }),
          ),
        };
      }
      case 'maven': {
        const x = new XMLParser().parse(text) as Dict;
        const project = isDict(x.project) ? x.project : {};
        const deps = isDict(project.dependencies)
          ? asArray(project.dependencies.dependency as Dict | Dict[] | undefined)
          : [];
        return {
          ...base,
          name: str(project.artifactId),
          description: str(project.description),
          dependencies: deps.map((d) => `${d.groupId}:${d.artifactId}`),
        };
      }
      case 'gradle': {
        // `\s*(?:\(\s*)?` rather than `\s*\(?\s*`: two adjacent `\s*` split a run of
        // spaces every possible way before failing (quadratic in one long line).
        return {
          ...base,
          dependencies: matchLines(
            text,
            /^(?:implementation|api|compile|runtimeOnly)\s*(?:\(\s*)?['"]([^'"]+)['"]/,
          ),
          devDependencies: matchLines(text, /^test\w*\s*(?:\(\s*)?['"]([^'"]+)['"]/),
          entryPoints: matchLines(text, /mainClass\s*[=(]\s*['"]([^'"]+)/).slice(0, 1),
        };
      }
      case 'dotnet': {
        const x = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text) as Dict;
        const project = isDict(x.Project) ? x.Project : {};
        const groups = asArray(project.ItemGroup as Dict | Dict[] | undefined);
        const refs = groups
          .flatMap((g) => asArray(g.PackageReference as Dict | Dict[] | undefined))
          .map((r) => str(r.Include) ?? '');
        const props = asArray(project.PropertyGroup as Dict | Dict[] | undefined);
        const exe = props.some((p) => str(p.OutputType)?.toLowerCase() === 'exe');
        const name = basename(path).replace(/\.csproj$/, '');
        return { ...base, name, dependencies: refs.filter(Boolean), bins: exe ? [name] : [] };
      }
      case 'gem':
        return { ...base, dependencies: matchLines(text, /^gem\s+['"]([^'"]+)['"]/) };
    }
  } catch {
    return undefined;
  }
}
