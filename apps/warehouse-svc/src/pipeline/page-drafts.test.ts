import { describe, expect, it } from 'vitest';
import type { PagePlan } from '../generate/catalog-plan.js';
import { citationUrl } from '../generate/citations.js';
import { pageDigest } from './page-drafts.js';

const page: PagePlan = {
  url: 'api/core',
  name: 'core',
  description: 'API of core',
  order: 0,
  kind: 'api',
  moduleKey: 'core',
  sources: ['core/a.go'],
};

/** A page as rendered for one commit: its citations name that commit's file view. */
function render(sha: string, line: number) {
  const citations = { fileViewBase: `https://github.com/acme/lib/blob/${sha}` };
  const link = citationUrl(citations, 'core/a.go', { from: line, to: line + 2 });
  return { content: `- [\`Run\`](${link})\n`, citations };
}

describe('pageDigest', () => {
  it('is the same when only the documented commit in the citation links changed', () => {
    const before = render('1111111111111111111111111111111111111111', 10);
    const after = render('2222222222222222222222222222222222222222', 10);
    expect(after.content).not.toBe(before.content);
    expect(pageDigest(page, after.content, after.citations)).toBe(
      pageDigest(page, before.content, before.citations),
    );
  });

  it('changes when a cited line range moved, whatever the commit', () => {
    const before = render('1111111111111111111111111111111111111111', 10);
    const after = render('2222222222222222222222222222222222222222', 11);
    expect(pageDigest(page, after.content, after.citations)).not.toBe(
      pageDigest(page, before.content, before.citations),
    );
  });

  it('without a web view (local repositories) digests the text as it is', () => {
    expect(pageDigest(page, 'a')).not.toBe(pageDigest(page, 'b'));
    expect(pageDigest(page, 'a')).toBe(pageDigest(page, 'a', {}));
  });
});
