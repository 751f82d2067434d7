import { describe, expect, test } from 'vitest';
import { readPageMarkdown } from './page-markdown.js';
import type { Definition } from './public-definitions.js';
import { symbolRecall } from './symbol-recall.js';

const def = (path: string, name: string, line = 1): Definition => ({ path, name, line, kind: 'function' });
const page = (content: string, sources: string[] = []) => ({
  sources,
  content,
  codeIdentifiers: readPageMarkdown(content).codeIdentifiers,
});

describe('symbolRecall', () => {
  test('found when a page citing the file writes the name as code', () => {
    const defs = [def('src/a.py', 'load_model'), def('src/a.py', 'Trainer'), def('src/b.py', 'helper')];
    const recall = symbolRecall(defs, [
      page('## API\n\n- function **`load_model`** (line 3)\n', ['src/a.py']),
    ]);
    expect(recall).toEqual({ found: 1, total: 3, missed: [defs[1], defs[2]] });
  });

  test('a page covers a file it cites in its text (a line link) even without recording it as a source', () => {
    const recall = symbolRecall(
      [def('src/b.py', 'helper')],
      [page('[`helper`](https://git.example/o/r/blob/abc/src/b.py#L3-L9)\n')],
    );
    expect(recall.found).toBe(1);
  });

  test('a name in prose, or on a page about other files, does not count', () => {
    const defs = [def('src/a.py', 'parse'), def('src/b.py', 'render')];
    const recall = symbolRecall(defs, [
      page('This module can parse input.\n', ['src/a.py']),
      page('`render` is documented elsewhere\n', ['src/c.py']),
    ]);
    expect(recall.found).toBe(0);
    expect(recall.missed).toEqual(defs);
  });

  test('no definitions: 0 of 0', () => {
    expect(symbolRecall([], [page('`x`')])).toEqual({ found: 0, total: 0, missed: [] });
  });
});
