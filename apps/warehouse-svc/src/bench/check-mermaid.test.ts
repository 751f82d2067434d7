import { describe, expect, test } from 'vitest';
import { checkMermaidBlocks } from './check-mermaid.js';

describe('checkMermaidBlocks (Mermaid 11 parser)', () => {
  test('counts blocks that parse and names the page of each one that does not', async () => {
    const check = await checkMermaidBlocks([
      { url: 'architecture', source: 'graph LR\n  m0["core"]\n  m1["web"]\n  m1 --> m0\n' },
      { url: 'flow', source: 'flowchart TD\n  a --> b\n' },
      { url: 'broken', source: 'graph LR\n  m0[["unclosed"\n  m0 --> \n' },
    ]);
    expect(check.ok).toBe(2);
    expect(check.total).toBe(3);
    expect(check.failures).toHaveLength(1);
    expect(check.failures[0]).toMatch(/^broken: /);
  });
});
