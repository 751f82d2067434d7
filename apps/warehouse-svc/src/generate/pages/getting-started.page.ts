import { mdCode as code, mdFence, mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';
import { readmeExcerpt } from '../readme-excerpt.js';

/** Scripts listed per manifest at most. @default 20 */
const MAX_SCRIPTS = 20;

const COMMANDS: Record<string, string[]> = {
  npm: ['npm install', 'npm test'],
  python: ['pip install -e .'],
  requirements: ['pip install -r requirements.txt'],
  go: ['go build ./...', 'go test ./...'],
  cargo: ['cargo build', 'cargo test'],
  maven: ['mvn package'],
  gradle: ['gradle build'],
  dotnet: ['dotnet build'],
  composer: ['composer install'],
  gem: ['bundle install'],
};

export function gettingStartedPage({ analysis: a }: PageInput): string[] {
  const out: string[] = [];
  const section = a.readme
    ? readmeSection(a.readme.content, /install|getting started|usage|quick ?start|build/i)
    : undefined;
  if (section) out.push(...readmeExcerpt(section, 3), '');
  for (const m of a.manifests.filter((m) => !m.path.includes('/') || a.manifests.length <= 3)) {
    out.push(`## ${text(m.name ?? m.path)} (${m.kind})`, '', ...mdFence(COMMANDS[m.kind] ?? [], 'sh'), '');
    const scripts = Object.entries(m.scripts);
    if (scripts.length) {
      out.push('Scripts:', '', ...scripts.slice(0, MAX_SCRIPTS).map(([k, v]) => `- ${code(k)}: ${code(v)}`));
      if (scripts.length > MAX_SCRIPTS)
        out.push(`- … ${scripts.length - MAX_SCRIPTS} more in ${code(m.path)}`);
      out.push('');
    }
    if (m.entryPoints.length) out.push(`Entry points: ${m.entryPoints.map((v) => code(v)).join(', ')}`, '');
  }
  if (out.length === 0)
    out.push('No manifest or installation notes were found; see the module pages for the code layout.');
  return out;
}

function readmeSection(md: string, heading: RegExp): string | undefined {
  const parts = md.split(/^(?=#{1,3} )/m);
  const hit = parts.find((p) => heading.test(p.split('\n')[0] ?? ''));
  return hit
    ?.trim()
    .replace(/^#{1,3} /, '### ')
    .slice(0, 4_000);
}
