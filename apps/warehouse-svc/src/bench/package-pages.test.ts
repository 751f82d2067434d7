import { describe, expect, test } from 'vitest';
import { packagesWithPage } from './package-pages.js';
import type { SourcePackage } from './packages.js';

const pkg = (
  dir: string,
  name: string,
  files: string[],
  aliases = [dir.split('/').pop() ?? ''],
): SourcePackage => ({
  language: 'python',
  dir,
  name,
  aliases: [...new Set([name, ...aliases].filter(Boolean))],
  files,
});

const click = pkg('src/click', 'click', ['src/click/__init__.py', 'src/click/core.py']);
const impl = pkg('src/click/_impl', 'click._impl', ['src/click/_impl/x.py']);
const other = pkg('src/other', 'other', ['src/other/__init__.py']);
const root = pkg('', 'pflag', ['flag.go', 'bool.go'], ['github.com/spf13/pflag']);

describe('packagesWithPage', () => {
  test('a page for a top folder holding sibling packages is nobody’s page', () => {
    const pages = [
      {
        url: 'modules/src',
        name: 'src',
        sources: ['src/click/core.py', 'src/other/__init__.py', 'README.md'],
      },
    ];
    expect(packagesWithPage([click, impl, other], pages).withPage).toEqual([]);
  });

  test('a page whose code sources lie in the package (sub-packages allowed) and which names it counts', () => {
    const pages = [
      {
        url: 'packages/click',
        name: 'click',
        sources: ['pyproject.toml', 'src/click/core.py', 'src/click/_impl/x.py'],
      },
      { url: 'packages/click/impl', name: 'click._impl', sources: ['src/click/_impl/x.py'] },
    ];
    const coverage = packagesWithPage([click, impl, other], pages);
    expect(coverage.withPage).toEqual([click, impl]);
    expect(coverage.withoutPage).toEqual([other]);
  });

  test('a page citing only a sub-package does not count for its parent', () => {
    const pages = [{ url: 'api/click/_impl', name: 'click API', sources: ['src/click/_impl/x.py'] }];
    expect(packagesWithPage([click, impl], pages).withPage).toEqual([impl]);
  });

  test('the page must name the package: the Overview of a one-package repository is not its page', () => {
    const overview = { url: 'overview', name: 'Overview', sources: ['README.md', 'flag.go'] };
    expect(packagesWithPage([root], [overview]).withPage).toEqual([]);
    const own = {
      url: 'packages/github-com-spf13-pflag',
      name: 'Package github.com/spf13/pflag',
      sources: ['flag.go'],
    };
    expect(packagesWithPage([root], [own]).withPage).toEqual([root]);
  });
});
