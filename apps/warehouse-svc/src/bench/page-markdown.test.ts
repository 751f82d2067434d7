import { describe, expect, test } from 'vitest';
import { readPageMarkdown } from './page-markdown.js';

describe('readPageMarkdown', () => {
  test('code identifiers come from code spans (also in tables and links) and code blocks, not prose', () => {
    const md = [
      '# The `core` module',
      '',
      'Call load\\_model to start.',
      '',
      '| Symbol | Line |',
      '| --- | --- |',
      '| `Trainer.fit` | 3 |',
      '',
      '[`Registry`](src/reg.ts#L1-L4)',
      '',
      '```python',
      'def create_thing(a: int) -> Thing: ...',
      '```',
      '',
      '    indented_call()',
    ].join('\n');
    const { codeIdentifiers } = readPageMarkdown(md);
    expect([...codeIdentifiers].sort()).toEqual(
      [
        'Registry',
        'Thing',
        'Trainer',
        'a',
        'core',
        'create_thing',
        'def',
        'fit',
        'indented_call',
        'int',
      ].sort(),
    );
    expect(codeIdentifiers.has('load_model')).toBe(false);
  });

  test('file paths and file names in code are not identifiers (a Java file is named after its class)', () => {
    const md = [
      '- `gson/src/main/java/com/google/gson/stream/JsonReader.java`',
      '- `Gson.java` and `core.py` (line 3)',
      '- `src/click/core.py#L10-L20`',
      '- `Trainer.fit` and `os.path`',
      '',
      '```java',
      'JsonWriter w = new JsonWriter(out); // see gson/JsonWriter.java',
      '```',
    ].join('\n');
    expect([...readPageMarkdown(md).codeIdentifiers].sort()).toEqual(
      ['JsonWriter', 'Trainer', 'fit', 'new', 'os', 'out', 'path', 'see', 'w'].sort(),
    );
  });

  test('Mermaid fences are collected as diagrams, not code; links are listed', () => {
    const md = '```mermaid\ngraph LR\n  m0["core"]\n```\n\nSee [the file](src/a.py#L2).\n';
    const read = readPageMarkdown(md);
    expect(read.mermaidBlocks).toEqual(['graph LR\n  m0["core"]\n']);
    expect(read.codeIdentifiers.size).toBe(0);
    expect(read.links).toEqual(['src/a.py#L2']);
  });
});
