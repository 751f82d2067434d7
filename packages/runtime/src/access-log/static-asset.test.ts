import { describe, expect, it } from 'vitest';
import { isStaticAsset } from './static-asset.js';

describe('isStaticAsset', () => {
  it.each([
    '/main.js',
    '/styles/site.css',
    '/a/b/theme.CSS',
    '/favicon.ico',
    '/_next/chunk/abc',
    '/assets/logo',
    '/robots.txt',
    '/healthz',
    '/acme/wiki/img/logo.png',
  ])('skips %s', (path) => expect(isStaticAsset(path)).toBe(true));

  it.each(['/', '/acme/wiki', '/vuejs/vue.js', '/acme/wiki/guide/intro', '/api/stats', '/acme/wiki/v1.2'])(
    'records %s',
    (path) => expect(isStaticAsset(path)).toBe(false),
  );
});
