import { spawn } from 'node:child_process';

/** One definition as Universal Ctags reports it in `--output-format=json`. */
export interface CtagsTag {
  readonly name: string;
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  readonly line: number;
  /** Long kind name: `class`, `function`, `member`, `method`, `func`, `methodSpec`… */
  readonly kind: string;
  /** Enclosing definition, dotted (`Outer.Inner`; Go: `pkg.Type`). */
  readonly scope?: string;
  readonly scopeKind?: string;
  /** `public` / `protected` / `private` / `default` where the parser knows it. */
  readonly access?: string;
  /** The source line as a search pattern `/^…$/`. */
  readonly pattern?: string;
  readonly signature?: string;
  readonly end?: number;
}

/** The system binary (Debian package `universal-ctags`). */
export const CTAGS = 'ctags';

/**
 * `ctags -R` over `root` for the given languages, JSON lines with line numbers (n), long kind
 * names (K), scope (s, Z), signature (S), access (a) and end lines (e); `.tsx`, `.mts`,
 * `.cts` read as TypeScript and `.cjs` as JavaScript; symbolic links not followed. Pseudo tags and
 * reference tags are not definitions and are dropped. @default languages: the five the
 * benchmark measures (Python, Go, Java, TypeScript/JavaScript, Rust)
 */
export function runCtags(
  root: string,
  languages: readonly string[] = ['Python', 'Go', 'Java', 'TypeScript', 'JavaScript', 'Rust'],
): Promise<CtagsTag[]> {
  const args = [
    '-R',
    '--output-format=json',
    '--fields=+nKsSaZe',
    `--languages=${languages.join(',')}`,
    // ctags maps only .ts and .js/.jsx/.mjs by default.
    '--map-TypeScript=+.tsx',
    '--map-TypeScript=+.mts',
    '--map-TypeScript=+.cts',
    '--map-JavaScript=+.cjs',
    // A checkout may hold symbolic links pointing anywhere; the service never follows them.
    '--links=no',
    '-f',
    '-',
    '.',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(CTAGS, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ctags exited with ${code}: ${err.slice(-500)}`));
      resolve(parseCtagsJson(Buffer.concat(out).toString('utf8')));
    });
  });
}

/** Parses ctags JSON lines; keeps `_type: "tag"` entries, paths without a leading `./`. */
export function parseCtagsJson(text: string): CtagsTag[] {
  const tags: CtagsTag[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const raw = JSON.parse(line) as Record<string, unknown>;
    if (raw._type !== 'tag' || typeof raw.name !== 'string' || typeof raw.path !== 'string') continue;
    if (typeof raw.roles === 'string' && raw.roles !== 'def') continue;
    const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
    tags.push({
      name: raw.name,
      path: raw.path.replace(/^\.\//, ''),
      line: typeof raw.line === 'number' ? raw.line : 0,
      kind: str('kind') ?? '',
      ...(str('scope') !== undefined ? { scope: str('scope') } : {}),
      ...(str('scopeKind') !== undefined ? { scopeKind: str('scopeKind') } : {}),
      ...(str('access') !== undefined ? { access: str('access') } : {}),
      ...(str('pattern') !== undefined ? { pattern: str('pattern') } : {}),
      ...(str('signature') !== undefined ? { signature: str('signature') } : {}),
      ...(typeof raw.end === 'number' ? { end: raw.end } : {}),
    });
  }
  return tags;
}
