import { describe, expect, it } from 'vitest';
import { effectivePaths, jsoncToJson, mapPaths, parseTsConfig, type TsConfig } from './tsconfig.js';

describe('tsconfig', () => {
  it('reads JSONC: comments and trailing commas go, strings stay as written', () => {
    const text = '{\n  // c\n  "a": "http://x/*y*/", /* b */\n  "b": [1, 2,],\n}\n';
    expect(JSON.parse(jsoncToJson(text))).toEqual({ a: 'http://x/*y*/', b: [1, 2] });
  });

  it('resolves baseUrl and extends to repository paths; a malformed file is none', () => {
    expect(
      parseTsConfig(
        'packages/web/tsconfig.json',
        '{ "extends": "../../tsconfig.base", "compilerOptions": { "baseUrl": "./src" } }',
      ),
    ).toEqual({
      path: 'packages/web/tsconfig.json',
      baseUrl: 'packages/web/src',
      extends: ['tsconfig.base.json'],
    });
    expect(parseTsConfig('tsconfig.json', '{ "extends": "../../outside.json" }')?.extends).toEqual([]);
    expect(parseTsConfig('tsconfig.json', '{ nope')).toBeUndefined();
  });

  it('inherits paths through extends, relative to the config that defines them (or baseUrl)', () => {
    const base = parseTsConfig(
      'tsconfig.base.json',
      '{ "compilerOptions": { "paths": { "@acme/*": ["libs/*/src"] } } }',
    );
    const child = parseTsConfig('apps/web/tsconfig.json', '{ "extends": "../../tsconfig.base.json" }');
    const byPath = new Map<string, TsConfig>([base, child].flatMap((c) => (c ? [[c.path, c]] : [])));
    expect(child && effectivePaths(child, byPath)).toEqual({
      paths: { '@acme/*': ['libs/*/src'] },
      pathsBase: '',
    });
    const withBase = parseTsConfig(
      'web/tsconfig.json',
      '{ "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["*"] } } }',
    );
    expect(withBase && effectivePaths(withBase, new Map())).toMatchObject({
      baseUrl: 'web/src',
      pathsBase: 'web/src',
    });
  });

  it('maps a specifier by the exact pattern, else the wildcard with the longest prefix', () => {
    const paths = { '@/*': ['src/*'], '@/lib/*': ['lib/*', 'vendor/*'], config: ['config/index.ts'] };
    expect(mapPaths('@/lib/x', paths)).toEqual(['lib/x', 'vendor/x']);
    expect(mapPaths('@/a/b', paths)).toEqual(['src/a/b']);
    expect(mapPaths('config', paths)).toEqual(['config/index.ts']);
    expect(mapPaths('react', paths)).toEqual([]);
  });
});
