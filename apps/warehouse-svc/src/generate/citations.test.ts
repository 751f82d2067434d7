import { repositoryWeb, sourceCitationUrl } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { auditMarkdown } from '../testing/markdown-audit.js';
import { citationUrl, citeFile, citeLines } from './citations.js';

const BASE = `https://github.com/o/r/blob/${'a'.repeat(40)}`;

describe('citations', () => {
  it('cites lines on the web file view of the documented commit', () => {
    expect(citationUrl({ fileViewBase: BASE }, 'src/a b.py', { from: 3, to: 9 })).toBe(
      `${BASE}/src/a%20b.py#L3-L9`,
    );
    expect(citeLines({ fileViewBase: BASE }, 'src/a.py', { line: 4, endLine: 4 })).toBe(
      `[line 4](${BASE}/src/a.py#L4)`,
    );
    expect(citeFile({ fileViewBase: BASE }, 'go.mod')).toBe(`[\`go.mod\`](${BASE}/go.mod)`);
  });

  it('writes a line range as each host reads it (GitLab #L<a>-<b>), the same as the mind map', () => {
    const gitlab = {
      fileViewBase: `https://gitlab.com/g/p/-/blob/${'a'.repeat(40)}`,
      style: 'gitlab',
    } as const;
    expect(citationUrl(gitlab, 'a.rb', { from: 10, to: 20 })).toBe(
      sourceCitationUrl(repositoryWeb('https://gitlab.com/g/p'), 'a'.repeat(40), {
        path: 'a.rb',
        lines: [10, 20],
      }),
    );
    expect(citeLines(gitlab, 'a.rb', { line: 10, endLine: 20 })).toBe(
      `[lines 10–20](${gitlab.fileViewBase}/a.rb#L10-20)`,
    );
    expect(citeLines(gitlab, 'a.rb', { line: 4, endLine: 4 })).toBe(
      `[line 4](${gitlab.fileViewBase}/a.rb#L4)`,
    );
    const gitea = {
      fileViewBase: `https://codeberg.org/o/r/src/commit/${'a'.repeat(40)}`,
      style: 'gitea',
    } as const;
    expect(citeLines(gitea, 'a.rs', { line: 1, endLine: 2 })).toBe(
      `[lines 1–2](${gitea.fileViewBase}/a.rs#L1-L2)`,
    );
  });

  it('cites repository-relative paths without a web file view', () => {
    expect(citeLines(undefined, 'pkg/x.go', { line: 10, endLine: 12 })).toBe(
      '[lines 10–12](pkg/x.go#L10-L12)',
    );
    expect(citeFile({}, 'src/#x?.ts')).toBe('[`src/#x?.ts`](src/%23x%3F.ts)');
  });

  it('keeps a hostile path inside its link', () => {
    const path = 'a)[x](javascript:alert(1)).py';
    const audit = auditMarkdown(
      `${citeFile({ fileViewBase: BASE }, path)} ${citeLines(undefined, path, { line: 1, endLine: 2 })}`,
    );
    expect(audit.problems).toEqual([]);
    expect(audit.hrefs).toEqual([
      `${BASE}/a)%5Bx%5D(javascript%3Aalert(1)).py`.replace(/\(/g, '%28').replace(/\)/g, '%29'),
      'a%29%5Bx%5D%28javascript%3Aalert%281%29%29.py#L1-L2',
    ]);
  });
});
