import { describe, expect, it } from 'vitest';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { readmeExcerpt } from './readme-excerpt.js';

const HOSTILE_README = [
  '## Install',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'Run `npm i <pkg>` then read [the docs](https://example.com/docs), not [this](javascript:alert(1))',
  'or ![logo](data:image/png;base64,AAAA) or <javascript:alert(1)> but <https://example.com/>.',
  '[ref]: javascript:alert(1)',
  'Click [here][ref] or [there].',
  '',
  '| a | b |',
  '| --- | --- |',
  '| <b>x</b> | [y](vbscript:msgbox) |',
  '',
  '````sh"><script>',
  'npm install <pkg>   # <script> stays code',
  '~~~',
  '```',
  '````',
  '- item with <iframe src=x></iframe> and *emphasis*',
  '  1. nested [ok](docs/setup.md)',
  '> quote <svg onload=alert(1)>',
  '<div',
  '  onclick="alert(1)">multi-line tag</div>',
  '<!-- a comment <script> -->',
  '### Title ###',
  '---',
  '\\<script\\> and \\[x](javascript:alert(1))',
  '```',
  'a fence that is never closed <script>',
].join('\n');

describe('readmeExcerpt', () => {
  const lines = readmeExcerpt(HOSTILE_README, 3);
  const audit = auditMarkdown(lines.join('\n'));

  it('leaves no raw HTML, image or unsafe link in a hostile README', () => {
    expect(audit.problems).toEqual([]);
    expect(audit.hrefs).toEqual(['https://example.com/docs', 'https://example.com/', 'docs/setup.md']);
  });

  it('keeps what a reader needs: headings, code, lists, tables and link texts', () => {
    expect(lines[0]).toBe('### Install');
    expect(lines).toContain('### Title');
    expect(audit.html).toContain('<code>npm i &lt;pkg&gt;</code>');
    expect(audit.html).toContain(
      'npm install &lt;pkg&gt;   # &lt;script&gt; stays code\n~~~\n```\n</code></pre>',
    );
    expect(audit.html).toContain('<em>emphasis</em>');
    expect(audit.html.match(/<td>/g)).toHaveLength(2);
    expect(audit.text).toContain('not this');
    expect(audit.text).toContain('Click here or [there].');
    expect(audit.text).toContain('multi-line tag');
    expect(audit.text).toContain('<script> and [x](javascript:alert(1))');
    expect(audit.text).toContain('a fence that is never closed <script>');
    expect(audit.text).not.toContain('a comment');
    expect(audit.text).not.toContain('alert(1)\n');
  });

  it('stays fast on a hostile README at its size bound', () => {
    const started = performance.now();
    readmeExcerpt('['.repeat(8_000));
    readmeExcerpt('`a'.repeat(4_000));
    readmeExcerpt('<a'.repeat(4_000));
    readmeExcerpt(`# ${' '.repeat(7_990)}x`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
