import { describe, expect, it } from 'vitest';
import { detectModules, type ModuleInput } from './detect-modules.js';
import { classifyFile } from './file-role.js';
import { detectLanguage } from './languages.js';
import { parseManifest } from './manifests.js';

/** Inputs as the analysis builds them: language and role from the path alone. */
function inputs(paths: readonly string[], declared: Record<string, string> = {}): ModuleInput[] {
  return paths.map((path) => {
    const lang = detectLanguage(path);
    const d = declared[path];
    return {
      path,
      ...(lang ? { language: lang.name } : {}),
      ...classifyFile(path, lang),
      ...(d ? { declared: d } : {}),
    };
  });
}

const summary = (r: ReturnType<typeof detectModules>) =>
  r.modules.map(
    (m) =>
      `${m.key || '(root)'} = ${m.name || '(unnamed)'} [${m.kind}]${m.parent !== undefined ? ` < ${m.parent || '(root)'}` : ''}`,
  );

describe('detectModules', () => {
  it('Rust: a crate per Cargo.toml, a module per folder below src, a workspace of crates', () => {
    const manifests = [
      parseManifest('crates/core/Cargo.toml', '[package]\nname = "acme-core"\n'),
      parseManifest('crates/cli/Cargo.toml', '[package]\nname = "acme-cli"\n'),
    ].flatMap((m) => (m ? [m] : []));
    const r = detectModules(
      inputs([
        'crates/core/src/lib.rs',
        'crates/core/src/parser/mod.rs',
        'crates/core/src/parser/ast.rs',
        'crates/cli/src/main.rs',
        'crates/core/tests/it.rs',
      ]),
      manifests,
    );
    expect(summary(r)).toEqual([
      'crates/cli/src = acme_cli [rust-module]',
      'crates/core = acme-core [project]',
      'crates/core/src = acme_core [rust-module] < crates/core',
      'crates/core/src/parser = acme_core::parser [rust-module] < crates/core/src',
    ]);
    expect(r.moduleOf.has('crates/core/tests/it.rs')).toBe(false);
  });

  it('C#: projects hold namespaces named as the files declare them', () => {
    const manifests = [
      parseManifest('src/Acme.Core/Acme.Core.csproj', '<Project></Project>'),
      parseManifest('tests/Acme.Core.Tests/Acme.Core.Tests.csproj', '<Project></Project>'),
    ].flatMap((m) => (m ? [m] : []));
    const r = detectModules(
      inputs(
        [
          'src/Acme.Core/Client.cs',
          'src/Acme.Core/Http/Handler.cs',
          'src/Acme.Core/Http/Retry.cs',
          'tests/Acme.Core.Tests/ClientTests.cs',
        ],
        { 'src/Acme.Core/Client.cs': 'Acme.Core', 'src/Acme.Core/Http/Handler.cs': 'Acme.Core.Http' },
      ),
      manifests,
    );
    expect(summary(r)).toEqual([
      'src/Acme.Core = Acme.Core [csharp-namespace]',
      // Retry.cs declares nothing: the declared name of its folder's other file wins.
      'src/Acme.Core/Http = Acme.Core.Http [csharp-namespace] < src/Acme.Core',
    ]);
  });

  it('names root code from the manifest, or leaves it to the repository name', () => {
    const pkg = parseManifest('package.json', JSON.stringify({ name: 'tiny-lib' }));
    expect(summary(detectModules(inputs(['index.js', 'util.js']), pkg ? [pkg] : []))).toEqual([
      '(root) = tiny-lib [js-package]',
    ]);
    expect(summary(detectModules(inputs(['main.c', 'lib/list.c', 'lib/list.h']), []))).toEqual([
      '(root) = (unnamed) [folder]',
      'lib = lib [folder] < (root)',
    ]);
  });

  it('Python: a project at the root names its top-level scripts; src/ is never a module', () => {
    const py = parseManifest('pyproject.toml', '[project]\nname = "tool"\n');
    const r = detectModules(
      inputs(['tool.py', 'src/tool_pkg/__init__.py', 'src/tool_pkg/a.py', 'setup.py']),
      py ? [py] : [],
    );
    expect(summary(r)).toEqual([
      '(root) = tool [python-package]',
      'src/tool_pkg = tool_pkg [python-package] < (root)',
    ]);
  });

  it('TS without a package.json or index: each folder is its own module', () => {
    expect(summary(detectModules(inputs(['a/x.ts', 'b/y.ts']), []))).toEqual([
      'a = a [js-package]',
      'b = b [js-package]',
    ]);
  });
});

describe('classifyFile', () => {
  it.each([
    ['src/app.py', 'source'],
    ['src/app_test.go', 'test'],
    ['pkg/__tests__/a.ts', 'test'],
    ['src/a.spec.tsx', 'test'],
    ['lib/FooTest.java', 'test'],
    ['.github/workflows/ci.yml', 'infra'],
    ['.github/scripts/release.py', 'infra'],
    ['docs/conf.py', 'infra'],
    ['scripts/release.sh', 'infra'],
    ['assets/logo.svg', 'infra'],
    ['webpack.config.js', 'infra'],
    ['src/components/Button.vue', 'source'],
  ])('%s is %s', (path, role) => {
    expect(classifyFile(path, detectLanguage(path)).role).toBe(role);
  });
});
