import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small committed git repository (TypeScript and Python) for warehouse-svc to document. */
export function makeRepository(): string {
  const repo = join(mkdtempSync(join(tmpdir(), 'rw-console-src-')), 'acme-wiki');
  mkdirSync(join(repo, 'tools'), { recursive: true });
  writeFileSync(join(repo, 'README.md'), '# Acme wiki\n\nA tiny service used by the console tests.\n');
  writeFileSync(
    join(repo, 'package.json'),
    JSON.stringify({
      name: 'acme-wiki',
      scripts: { start: 'node src/server.js' },
      dependencies: { express: '^5.0.0' },
    }),
  );
  // Two modules (folders with an index) with an import between them: the Architecture page
  // draws it as a Mermaid graph.
  mkdirSync(join(repo, 'src', 'core'), { recursive: true });
  mkdirSync(join(repo, 'src', 'api'), { recursive: true });
  writeFileSync(
    join(repo, 'src', 'core', 'greet.ts'),
    'export function greet(name: string): string {\n  return "hello " + name;\n}\n',
  );
  writeFileSync(join(repo, 'src', 'core', 'index.ts'), "export { greet } from './greet.js';\n");
  writeFileSync(
    join(repo, 'src', 'api', 'index.ts'),
    "import { greet } from '../core/index.js';\n/** Starts the HTTP server. */\nexport function start(port: number): void {\n  console.log(greet('world'), port);\n}\n",
  );
  writeFileSync(join(repo, 'tools', 'lint.py'), 'def lint(path):\n    """Lints a file."""\n    return []\n');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'console',
        GIT_AUTHOR_EMAIL: 'console@example.com',
        GIT_COMMITTER_NAME: 'console',
        GIT_COMMITTER_EMAIL: 'console@example.com',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'initial import');
  return repo;
}
