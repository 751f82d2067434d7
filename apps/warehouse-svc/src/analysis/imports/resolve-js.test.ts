import { describe, expect, it } from 'vitest';
import { parseManifest } from '../manifests.js';
import { fileResolver, packageEntryFile, packageName } from './resolve-js.js';

const files = (paths: string[]) => fileResolver(new Map(paths.map((p) => [p, p])));

describe('fileResolver', () => {
  it('tries the path, a .ts source for a .js specifier, extensions, then index files', () => {
    const resolve = files(['src/a.ts', 'src/b/index.tsx', 'src/c.mts', 'src/d.js']);
    expect(resolve('src/a.js')).toBe('src/a.ts');
    expect(resolve('src/a')).toBe('src/a.ts');
    expect(resolve('src/b')).toBe('src/b/index.tsx');
    expect(resolve('src/c.mjs')).toBe('src/c.mts');
    expect(resolve('src/d.js')).toBe('src/d.js');
    expect(resolve('src/nope')).toBeUndefined();
  });
});

describe('packageEntryFile', () => {
  it('reads an output path back to its source', () => {
    const m = (json: object) => parseManifest('pkg/package.json', JSON.stringify(json));
    const ky = m({
      name: 'ky',
      exports: { types: './distribution/source/index.d.ts', default: './distribution/source/index.js' },
    });
    expect(ky && packageEntryFile(ky, files(['pkg/source/index.ts']))).toBe('pkg/source/index.ts');
    const dist = m({ name: 'd', main: 'dist/index.js' });
    expect(dist && packageEntryFile(dist, files(['pkg/src/index.ts']))).toBe('pkg/src/index.ts');
    const bin = m({ name: 'b', bin: { b: './cli.js' } });
    expect(bin && packageEntryFile(bin, files(['pkg/cli.js', 'pkg/index.js']), ['./cli.js'], false)).toBe(
      'pkg/cli.js',
    );
    expect(bin && packageEntryFile(bin, files(['pkg/other.js']), ['./cli.js'], false)).toBeUndefined();
  });
});

describe('packageName', () => {
  it('is the scope and name, or the first segment', () => {
    expect(packageName('@scope/name/sub/path')).toBe('@scope/name');
    expect(packageName('lodash/fp')).toBe('lodash');
    expect(packageName('node:fs')).toBe('node:fs');
  });
});
