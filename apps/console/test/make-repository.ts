import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small committed git repository (TypeScript and Python) for warehouse-svc to document. */
export function makeRepository(): string {
  const repo = join(mkdtempSync(join(tmpdir(), 'rw-console-src-')), 'acme-wiki');
  mkdirSync(join(repo, 'src'), { recursive: true });
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
  writeFileSync(
    join(repo, 'src', 'server.ts'),
    "import { greet } from './greet.js';\n/** Starts the HTTP server. */\nexport function start(port: number): void {\n  console.log(greet('world'), port);\n}\n",
  );
  writeFileSync(
    join(repo, 'src', 'greet.ts'),
    'export function greet(name: string): string {\n  return "hello " + name;\n}\n',
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
