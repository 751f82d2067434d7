import { parseMermaid } from '../testing/mermaid-check.js';

export interface MermaidCheck {
  readonly ok: number;
  readonly total: number;
  /** `<page url>: <Mermaid's error>` for each block that does not parse. */
  readonly failures: readonly string[];
}

/** Runs every block through Mermaid 11's own parser (`testing/mermaid-check.ts`). */
export async function checkMermaidBlocks(
  blocks: readonly { readonly url: string; readonly source: string }[],
): Promise<MermaidCheck> {
  const failures: string[] = [];
  for (const b of blocks) {
    try {
      await parseMermaid(b.source);
    } catch (e: unknown) {
      const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
      failures.push(`${b.url}: ${message.slice(0, 200)}`);
    }
  }
  return { ok: blocks.length - failures.length, total: blocks.length, failures };
}
