import { describe, expect, it } from 'vitest';
import { auditMarkdown } from '../testing/markdown-audit.js';
import {
  mdCode,
  mdCodeLink,
  mdFence,
  mdLink,
  mdText,
  mermaidLabel,
  plainLine,
  relativeHref,
  safeLinkTarget,
  stripHtml,
} from './markdown-escape.js';

/** Values a repository author controls, each trying a different way out of its place. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  ')[x](javascript:alert(1))',
  '![x](data:text/html;base64,PHNjcmlwdD4=)',
  'first line\n# heading\n<div onclick="alert(1)">x</div>',
  'a\r\n\r\n<iframe src="javascript:alert(1)"></iframe>',
  '| a | b |\n| --- | --- |\n| c | d |',
  'a `b` ``c`` d',
  '*em* _u_ ~~s~~ **b** $x$ {onclick=alert(1)}',
  '&lt;script&gt; &#106;avascript:alert(1) &amp;',
  '\\[x](javascript:alert(1)) \\<script>',
  '1. not a list',
  '- not a list',
  '> not a quote',
  '# not a heading',
  '===',
  '<https://example.com> <javascript:alert(1)>',
  '[ref]: javascript:alert(1)',
  'trailing backslash \\',
  'tab\there, nul\u0000, esc\u001b[31m, bidi\u202eevil\u202c',
  'lone surrogate \ud800 here',
];

describe('mdText', () => {
  it.each(HOSTILE)('renders %j as exactly its characters, nothing more', (value) => {
    const audit = auditMarkdown(mdText(value));
    expect(audit.problems).toEqual([]);
    expect(audit.html.startsWith('<p>')).toBe(true);
    expect(audit.text.trim()).toBe(plainLine(value));
  });

  it.each(HOSTILE)('keeps %j inside its GFM table cell', (value) => {
    const audit = auditMarkdown(`| A | B |\n| --- | --- |\n| ${mdText(value)} | z |`);
    expect(audit.problems).toEqual([]);
    expect(audit.html.match(/<td>/g)).toHaveLength(2);
    expect(audit.html).toMatch(/<td>z<\/td>/);
  });

  it('puts every value on one line, without controls, cut at the limit', () => {
    expect(mdText('a\nb\rc\u2028d')).toBe('a b c d');
    expect(plainLine('x'.repeat(50), { max: 10 })).toBe(`${'x'.repeat(9)}…`);
    expect(plainLine('😀'.repeat(5), { max: 3 })).toBe('😀😀…');
    expect(plainLine('a\u0000b\u009bc\u202ed')).toBe('abcd');
  });
});

describe('mdCode', () => {
  it.each([
    'plain',
    'a`b',
    '`start',
    'end`',
    'a``b```c',
    '<script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '  spaced  ',
    'line\nbreak',
  ])('shows %j verbatim', (value) => {
    const audit = auditMarkdown(`- ${mdCode(value)}`);
    expect(audit.problems).toEqual([]);
    expect(audit.html.match(/<code>/g)).toHaveLength(1);
    expect(audit.text.trim()).toBe(plainLine(value));
  });
});

describe('mdFence', () => {
  it('holds lines that try to close it or open HTML', () => {
    const lines = ['```', '~~~', '````', '<script>alert(1)</script>', '</code></pre><img src=x>'];
    const audit = auditMarkdown(mdFence(lines, 'sh"><script>').join('\n'));
    expect(audit.problems).toEqual([]);
    expect(audit.html.match(/<pre>/g)).toHaveLength(1);
    expect(audit.text.trimEnd()).toBe(lines.join('\n'));
    expect(audit.html).toContain('class="language-shscript"');
  });
});

describe('safeLinkTarget', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'a)[x](javascript:alert(1)',
    '//evil.example/x',
    '/\\evil.example/x',
    '\\\\evil.example\\x',
    'docs\\..\\x',
    'https://user:secret@example.com/',
    'mailto:a@example.com',
    'https://exa mple.com',
    '',
  ])('refuses %j', (target) => {
    expect(safeLinkTarget(target)).toBeUndefined();
  });

  it.each([
    ['https://example.com/a?b=1&c=2#x', 'https://example.com/a?b=1&c=2#x'],
    ['HTTP://Example.com/(x)', 'http://example.com/%28x%29'],
    ['modules/packages/core', 'modules/packages/core'],
    ['docs/a b.md', 'docs/a%20b.md'],
    ['../x', '../x'],
    ['javascript&colon;alert(1)', 'javascript%26colon;alert%281%29'],
    // `&` and `\` are percent-encoded in relative targets: no reference or escape can
    // spell a scheme once the renderer decodes the destination.
    ['java&#115;cript:alert(1)', 'java%26#115;cript:alert%281%29'],
  ])('allows %j as %j', (target, href) => {
    expect(safeLinkTarget(target)).toBe(href);
    const audit = auditMarkdown(`[x](${href})`);
    expect(audit.problems).toEqual([]);
    expect(audit.hrefs).toHaveLength(1);
  });
});

describe('mdLink', () => {
  it('escapes the text and writes only safe targets', () => {
    const audit = auditMarkdown(
      [
        mdLink(')[x](javascript:alert(1))', 'modules/a'),
        mdLink('x', 'javascript:alert(1)'),
        mdLink('y', 'data:text/html,x'),
        mdLink('<img src=x onerror=alert(1)>', 'https://example.com'),
      ].join('\n\n'),
    );
    expect(audit.problems).toEqual([]);
    expect(audit.hrefs).toEqual(['modules/a', 'https://example.com/']);
    expect(audit.text).toContain(')[x](javascript:alert(1))');
  });

  it('makes any folder name a relative link that stays inside the wiki', () => {
    for (const key of ['javascript:alert(1)', '//evil.example', 'a b/c(d)', '..', 'x?y#z']) {
      const audit = auditMarkdown(mdLink(key, `modules/${relativeHref(key)}`));
      expect(audit.problems, key).toEqual([]);
      expect(audit.hrefs[0]?.startsWith('modules/'), key).toBe(true);
    }
  });
});

describe('mdCodeLink', () => {
  it('shows every hostile path verbatim as the link text of its relative citation', () => {
    for (const path of HOSTILE) {
      const audit = auditMarkdown(`- ${mdCodeLink(path, `${relativeHref(path)}#L3-L9`)}`);
      expect(audit.problems, path).toEqual([]);
      expect(audit.hrefs.length, path).toBe(1);
      expect(audit.hrefs[0]?.endsWith('#L3-L9'), path).toBe(true);
      expect(audit.hrefs[0], path).not.toMatch(/^[a-z]+:/i);
      expect(audit.text, path).toContain(plainLine(path).slice(0, 20));
    }
  });

  it('is the plain code span when the target is not safe', () => {
    expect(mdCodeLink('a.py', 'javascript:alert(1)')).toBe('`a.py`');
    expect(mdCodeLink('a.py', 'https://user:pw@example.com/a.py')).toBe('`a.py`');
  });
});

describe('mermaidLabel', () => {
  it('keeps every label inside its quotes (Mermaid 11 entity codes)', () => {
    const labels = [
      'packages/core',
      'a"] --> evil["x',
      "%%{init: {'securityLevel':'loose'}}%%",
      '<img src=x onerror=alert(1)>',
      '#quot; #35; already coded',
      'a\nclick m0 call alert(1)',
      '`**markdown string**`',
      'ünïcödé 名前',
    ];
    const diagram = [
      '```mermaid',
      'graph LR',
      ...labels.map((l, i) => `  m${i}[${mermaidLabel(l)}]`),
      '  m0 --> m1',
      '```',
    ].join('\n');
    expect(auditMarkdown(diagram).problems).toEqual([]);
    expect(mermaidLabel('a"b<c>#d%e')).toBe('"a#quot;b#60;c#62;#35;d#37;e"');
    expect(mermaidLabel('packages/core')).toBe('"packages/core"');
  });
});

describe('stripHtml', () => {
  it('drops tags and comments, keeps code spans and lone angle brackets', () => {
    expect(stripHtml('<p align="center"><img src="logo.png"></p>Text')).toBe('Text');
    expect(stripHtml('a < b and c > d')).toBe('a < b and c > d');
    expect(stripHtml('use `<Button>` here')).toBe('use `<Button>` here');
    expect(stripHtml('x<!-- hidden <script> -->y')).toBe('xy');
    expect(stripHtml('<div\n  onclick="x">multi</div>')).toBe('multi');
    expect(stripHtml('open <a href')).toBe('open <a href');
    expect(stripHtml('x<script type="a">alert("<b>")</script >y<STYLE>p{}</STYLE>z')).toBe('xyz');
    expect(stripHtml('\\<b\\> and <https://example.com/>')).toBe('\\<b\\> and <https://example.com/>');
  });

  it('stays linear on hostile input', () => {
    const started = performance.now();
    stripHtml('<a'.repeat(200_000));
    stripHtml('<!--'.repeat(100_000));
    stripHtml('`'.repeat(1_000) + '<b'.repeat(100_000));
    stripHtml('<script>'.repeat(100_000));
    stripHtml('\\'.repeat(200_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('auditMarkdown (the checker these tests rely on)', () => {
  it.each([
    '<script>alert(1)</script>',
    'a <img src=x onerror=alert(1)> b',
    '[x](javascript:alert(1))',
    '[x](JAVA&#83;CRIPT:alert(1))',
    '<javascript:alert(1)>',
    '[x]: data:text/html,x\n\n[x]',
    '![x](https://example.com/p.png)',
    '```mermaid\ngraph LR\n  "a" --> "b"\n```',
    '```mermaid\ngraph LR\n  m0["a<b>"]\n```',
  ])('flags %j', (markdown) => {
    expect(auditMarkdown(markdown).problems).not.toEqual([]);
  });
});
