import { mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';

export function updateLogPage({ commits }: PageInput): string[] {
  const lines: string[] = [];
  for (const c of commits) {
    lines.push(
      `- **${text(c.title)}** (${text(c.id.slice(0, 10))}, ${text(c.author)}, ${c.date.toISOString().slice(0, 10)})`,
    );
    const body = text(c.body.split('\n')[0] ?? '');
    if (body) lines.push(`  ${body}`);
  }
  return lines;
}
