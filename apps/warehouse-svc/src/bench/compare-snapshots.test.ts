import { describe, expect, test } from 'vitest';
import { compareSnapshots } from './compare-snapshots.js';
import type { WikiPage, WikiSnapshot } from './wiki-snapshot.js';

const page = (url: string, content: string, sources = ['a.py']): WikiPage => ({
  url,
  name: url,
  parentUrl: null,
  order: 0,
  content,
  sources,
});
const snapshot = (
  pages: WikiPage[],
  overview = 'o',
  minimap: unknown = { title: 'r', url: '', nodes: [] },
) => ({
  pages,
  overview,
  minimap,
});

describe('compareSnapshots', () => {
  test('identical runs', () => {
    const a: WikiSnapshot = snapshot([page('overview', '# O\n'), page('api', '# A\n')]);
    expect(compareSnapshots(a, structuredClone(a))).toEqual({ identical: true, differences: [] });
  });

  test('names each page and field that differs, pages present in one run only, overview and mind map', () => {
    const a = snapshot([page('overview', '# O\n'), page('api', '# A\n'), page('old', 'x')]);
    const b = snapshot(
      [page('overview', '# O\n', ['a.py', 'b.py']), page('api', '# A \n'), page('new', 'x')],
      'o2',
      { title: 'r', url: '', nodes: [{ title: 'x', url: 'x', nodes: [] }] },
    );
    expect(compareSnapshots(a, b).differences).toEqual([
      'api (content)',
      'mind map',
      'new (only in run 2)',
      'old (only in run 1)',
      'overview',
      'overview (sources)',
    ]);
  });
});
