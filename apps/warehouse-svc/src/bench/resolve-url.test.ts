import { describe, expect, test } from 'vitest';
import { checkMapUrls } from './mind-map-urls.js';
import { indexRepository, resolvesInRepository } from './resolve-url.js';

const repo = indexRepository([
  ['src/click/core.py', 120],
  ['README.md', 10],
  ['docs/caf é.md', 3],
]);

describe('resolvesInRepository', () => {
  test.for([
    ['src/click/core.py', true],
    ['src/click', true],
    ['src/click/', true],
    ['src', true],
    ['', true],
    ['src/click/core.py#L1', true],
    ['src/click/core.py#L10-L120', true],
    ['docs/caf%20%C3%A9.md', true],
    ['https://github.com/pallets/click/blob/2c8cd3a/src/click/core.py#L5-L9', true],
    ['https://gitlab.example/g/r/-/blob/main/README.md', true],
    ['https://gitlab.example/g/r/-/blob/main/README.md#L2-10', true],
    ['https://gitlab.example/g/r/-/blob/main/README.md#L2-11', false],
    ['https://gitea.example/o/r/src/commit/abc/src/click', true],
    ['src/click/core.py#L10-L121', false],
    ['src/click/core.py#L0', false],
    ['src/click/core.py#L9-L3', false],
    ['src/click/core.py#readme', false],
    ['src/click#L1', false],
    ['src/click/missing.py', false],
    ['/src/click/core.py', false],
    ['src/../README.md', false],
    ['./README.md', false],
    ['LICENSE', false],
    ['https://example.com/LICENSE', false],
    ['javascript:alert(1)', false],
    ['src/%E0%A4%A.py', false],
  ] as const)('%s → %s', ([url, expected]) => {
    expect(resolvesInRepository(url, repo)).toBe(expected);
  });
});

describe('checkMapUrls', () => {
  test('counts every url below the root and lists those that do not resolve', () => {
    const map = {
      title: 'click',
      url: '',
      nodes: [
        {
          title: 'core',
          url: 'src/click/core.py#L1-L20',
          nodes: [{ title: 'gone', url: 'src/gone.py', nodes: [] }],
        },
        { title: 'licence', url: 'LICENSE', nodes: [] },
        { title: 'no url', nodes: [] },
      ],
    };
    expect(checkMapUrls(map, repo)).toEqual({ resolved: 1, total: 3, broken: ['src/gone.py', 'LICENSE'] });
  });

  test('no map stored: 0 of 0', () => {
    expect(checkMapUrls(null, repo)).toEqual({ resolved: 0, total: 0, broken: [] });
  });
});
