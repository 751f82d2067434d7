import { posix } from 'node:path';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';
import type { Manifest } from '../analysis/manifests.js';

/** Where a user starts: a command a manifest installs, a runnable program, an entry file. */
export interface EntryPoint {
  /** Plain text, shown as code: `acme`, `go run ./cmd/tool`, `python -m acme`, `com.acme.App`. */
  readonly name: string;
  readonly what: 'command' | 'program' | 'entry file' | 'main class';
  /** Plain text shown as code after the name: what the command runs, when the manifest says. */
  readonly target?: string;
  /** The file that declares it (a manifest or the source file). */
  readonly path: string;
}

const byDepthThenPath = (x: Manifest, y: Manifest) =>
  x.path.split('/').length - y.path.split('/').length || byCodeUnits(x.path, y.path);

/**
 * Entry points, manifests first (root manifests before nested ones): commands
 * (`[project.scripts]`, npm `bin`, Cargo `[[bin]]`), npm `main`/`module` files, a Gradle
 * `mainClass`; then programs found in module code: Go and Rust `main` functions,
 * Python `__main__.py`, Java/C# classes with a static `main`. Test and tool files are not
 * module code, so their `main` functions are not entry points.
 */
export function entryPoints(a: RepositoryAnalysis): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const m of [...a.manifests].sort(byDepthThenPath)) {
    if (m.kind === 'python')
      for (const [name, target] of Object.entries(m.scripts))
        out.push({ name, what: 'command', target, path: m.path });
    else if (m.kind === 'gradle')
      for (const cls of m.entryPoints) out.push({ name: cls, what: 'main class', path: m.path });
    else {
      for (const name of m.bins) out.push({ name, what: 'command', path: m.path });
      if (m.kind === 'npm' || m.kind === 'composer')
        for (const file of new Set(m.entryPoints)) out.push({ name: file, what: 'entry file', path: m.path });
    }
  }
  const goDirs = new Set<string>();
  for (const f of [...a.files].sort((x, y) => byCodeUnits(x.path, y.path))) {
    if (f.module === undefined) continue;
    const base = posix.basename(f.path);
    const dir = posix.dirname(f.path);
    const mainFn = f.symbols.some((s) => s.owner === undefined && s.kind === 'function' && s.name === 'main');
    if (f.language === 'Go' && mainFn && !goDirs.has(dir)) {
      goDirs.add(dir);
      out.push({ name: `go run ${dir === '.' ? '.' : `./${dir}`}`, what: 'program', path: f.path });
    } else if (f.language === 'Rust' && mainFn && base === 'main.rs') {
      out.push({ name: 'cargo run', what: 'program', path: f.path });
    } else if (f.language === 'Python' && base === '__main__.py') {
      const mod = a.modules.find((m) => m.key === f.module);
      out.push({ name: `python -m ${mod?.name || dir}`, what: 'program', path: f.path });
    } else if (f.language === 'Java' || f.language === 'C#') {
      for (const s of f.symbols) {
        if (!s.owner || s.owner.includes('.') || (s.name !== 'main' && s.name !== 'Main')) continue;
        if (s.kind !== 'method' || !/\bstatic\b/.test(s.signature ?? '')) continue;
        const pkg = a.modules.find((m) => m.key === f.module)?.name;
        out.push({ name: pkg ? `${pkg}.${s.owner}` : s.owner, what: 'main class', path: f.path });
      }
    }
  }
  return out;
}
