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
}

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

/** Parses one manifest; a malformed one yields undefined (noted by the caller, never fatal). */
export function parseManifest(path: string, text: string): Manifest | undefined {
  const kind = manifestKind(path);
  if (!kind) return undefined;
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
        };
      }
      case 'requirements':
        return {
          ...base,
          dependencies: text
            .split('\n')
            .map((l) => l.replace(/#.*/, '').trim())
            .filter((l) => l && !l.startsWith('-'))
            .map((l) => l.split(/[\s<>=!~;[]/)[0] ?? l),
        };
      case 'go': {
        const module = /^module\s+(\S+)/m.exec(text)?.[1];
        const requires = [
          ...text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+v[\w.+-]+/gm),
        ].map((m) => m[1] ?? '');
        return { ...base, name: module, dependencies: requires.filter(Boolean) };
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
        const deps = [
          ...text.matchAll(/^\s*(?:implementation|api|compile|runtimeOnly)\s*\(?\s*['"]([^'"]+)['"]/gm),
        ].map((m) => m[1] ?? '');
        const tests = [...text.matchAll(/^\s*test\w*\s*\(?\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
        return {
          ...base,
          dependencies: deps,
          devDependencies: tests,
          entryPoints: [/mainClass\s*[=(]\s*['"]([^'"]+)/.exec(text)?.[1] ?? ''].filter(Boolean),
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
        return {
          ...base,
          dependencies: [...text.matchAll(/^\s*gem\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? ''),
        };
    }
  } catch {
    return undefined;
  }
}
