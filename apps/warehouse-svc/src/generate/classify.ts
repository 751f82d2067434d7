import type { Classification } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';

const CLI_LIBS = [
  'commander',
  'yargs',
  'oclif',
  '@oclif/core',
  'cac',
  'click',
  'typer',
  'clap',
  'github.com/spf13/cobra',
  'github.com/urfave/cli',
  'picocli',
  'System.CommandLine',
  'thor',
];
const APP_LIBS = [
  'express',
  '@nestjs/core',
  'fastify',
  'koa',
  'next',
  'nuxt',
  'react-dom',
  'vue',
  '@angular/core',
  'django',
  'flask',
  'fastapi',
  'actix-web',
  'axum',
  'rocket',
  'github.com/gin-gonic/gin',
  'github.com/labstack/echo',
  'org.springframework.boot:spring-boot-starter-web',
  'rails',
  'laravel/framework',
  'electron',
];
const DEVOPS_LANGS = new Set([
  'Dockerfile',
  'HCL',
  'YAML',
  'Shell',
  'Nix',
  'Jsonnet',
  'Smarty',
  'Go Template',
  'PowerShell',
  'Makefile',
]);
const DOC_LANGS = new Set(['Markdown', 'reStructuredText', 'AsciiDoc', 'TeX', 'Text', 'MDX']);
const TOOL_WORDS =
  /\b(linter|lint rules|formatter|compiler|transpiler|bundler|build tool|code generator|developer tools?|dev tools?|language server|debugger|test runner|eslint|babel plugin|vscode extension)\b/i;
const FRAMEWORK_WORDS = /\bframework\b/i;

/**
 * Deterministic classification into the seven classes. First match wins, from the most
 * specific signal (what the files are) to the weakest (what the README says):
 * Documentation → DevOpsConfiguration → CLITools → DevelopmentTools → Frameworks →
 * Applications → Libraries.
 */
export function classifyRepository(a: RepositoryAnalysis): Classification {
  const bytesBy = (pred: (lang: string) => boolean) =>
    a.files.reduce((n, f) => n + (f.language && pred(f.language) ? f.size : 0), 0);
  const total = a.files.reduce((n, f) => n + f.size, 0) || 1;
  const codeFiles = a.files.filter((f) => f.symbols.length > 0).length;
  const docBytes = bytesBy((l) => DOC_LANGS.has(l));
  const devopsBytes =
    bytesBy((l) => DEVOPS_LANGS.has(l)) +
    a.files
      .filter((f) => /(^|\/)(charts?|helm|terraform|k8s|kubernetes|ansible)\//i.test(f.path))
      .reduce((n, f) => n + f.size, 0);
  if (docBytes / total >= 0.6 && codeFiles <= 3) return 'Documentation';
  if (devopsBytes / total >= 0.5 && codeFiles <= 3) return 'DevOpsConfiguration';

  const deps = new Set(a.manifests.flatMap((m) => m.dependencies));
  const rootManifests = a.manifests.filter((m) => !m.path.includes('/'));
  const blurb = `${a.readme?.content.slice(0, 800) ?? ''} ${rootManifests.map((m) => m.description ?? '').join(' ')}`;
  const hasBins =
    rootManifests.some((m) => m.bins.length > 0) ||
    a.manifests.some((m) => m.bins.length > 0 && a.manifests.length <= 2);
  if (hasBins || CLI_LIBS.some((l) => deps.has(l))) {
    if (!APP_LIBS.some((l) => deps.has(l))) return TOOL_WORDS.test(blurb) ? 'DevelopmentTools' : 'CLITools';
  }
  if (TOOL_WORDS.test(blurb)) return 'DevelopmentTools';
  if (FRAMEWORK_WORDS.test(blurb)) return 'Frameworks';
  const hasAppEntry = a.files.some((f) =>
    /(^|\/)(Dockerfile|docker-compose\.ya?ml|compose\.ya?ml|Procfile|manage\.py|main\.go|Program\.cs|index\.html)$/.test(
      f.path,
    ),
  );
  if (APP_LIBS.some((l) => deps.has(l)) || (hasAppEntry && codeFiles > 0)) return 'Applications';
  return 'Libraries';
}
