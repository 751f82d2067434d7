import { describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES, parseManifest } from './manifests.js';

describe('parseManifest', () => {
  it('reads npm dependencies, scripts and bins', () => {
    const m = parseManifest(
      'tools/cli/package.json',
      JSON.stringify({
        name: 'c',
        bin: { c: './bin.js' },
        scripts: { test: 'vitest' },
        dependencies: { zod: '4' },
        devDependencies: { vitest: '5' },
      }),
    );
    expect(m).toMatchObject({
      kind: 'npm',
      name: 'c',
      dependencies: ['zod'],
      devDependencies: ['vitest'],
      scripts: { test: 'vitest' },
      bins: ['c'],
      entryPoints: ['./bin.js'],
    });
  });

  it('reads the files a package import loads: exports["."] (types left out), module, main; bin files', () => {
    const m = parseManifest(
      'package.json',
      JSON.stringify({
        name: 'k',
        main: './dist/index.cjs',
        module: './dist/index.js',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' },
          './utils': './dist/utils.js',
        },
        bin: './cli.js',
      }),
    );
    expect(m?.libraryEntries).toEqual(['./dist/index.js', './dist/index.cjs']);
    expect(m?.binEntries).toEqual({ k: './cli.js' });
    expect(parseManifest('package.json', JSON.stringify({ exports: './x.js' }))?.libraryEntries).toEqual([
      './x.js',
    ]);
    const cargo = parseManifest('Cargo.toml', '[package]\nname = "r"\n[[bin]]\nname = "rr"\n');
    expect(cargo?.binEntries).toEqual({ rr: 'src/bin/rr.rs' });
  });

  it('reads TOML manifests with a real parser (pyproject, Cargo)', () => {
    const py = parseManifest(
      'pyproject.toml',
      '[project]\nname = "p"\ndependencies = ["requests>=2", "click"]\n[project.scripts]\np = "p.cli:main"\n',
    );
    expect(py).toMatchObject({
      name: 'p',
      dependencies: ['requests', 'click'],
      bins: ['p'],
      entryPoints: ['p.cli:main'],
    });
    const cargo = parseManifest(
      'Cargo.toml',
      '[package]\nname = "r"\n[dependencies]\nserde = "1"\nclap = { version = "4" }\n[[bin]]\nname = "rr"\n',
    );
    expect(cargo).toMatchObject({ kind: 'cargo', name: 'r', dependencies: ['serde', 'clap'], bins: ['rr'] });
  });

  it('reads go.mod, pom.xml, csproj, requirements and Gemfile', () => {
    expect(
      parseManifest('go.mod', 'module ex.com/m\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n)\n'),
    ).toMatchObject({ name: 'ex.com/m', dependencies: ['github.com/spf13/cobra'] });
    expect(
      parseManifest(
        'pom.xml',
        '<project><artifactId>a</artifactId><dependencies><dependency><groupId>g</groupId><artifactId>x</artifactId></dependency></dependencies></project>',
      ),
    ).toMatchObject({ name: 'a', dependencies: ['g:x'] });
    expect(
      parseManifest(
        'src/App/App.csproj',
        '<Project><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><ItemGroup><PackageReference Include="Serilog" Version="3"/></ItemGroup></Project>',
      ),
    ).toMatchObject({ name: 'App', dependencies: ['Serilog'], bins: ['App'] });
    expect(parseManifest('requirements.txt', '# c\nflask==3\n-r other.txt\n')?.dependencies).toEqual([
      'flask',
    ]);
    expect(parseManifest('Gemfile', "gem 'rails'\n")?.dependencies).toEqual(['rails']);
  });

  it('reads Gradle dependencies, test dependencies and the main class', () => {
    const gradle = [
      "plugins { id 'application' }",
      'dependencies {',
      "    implementation 'com.google.guava:guava:33.0'",
      '    api ( "org.slf4j:slf4j-api:2.0" )',
      '    testImplementation "junit:junit:4.13"',
      '}',
      "application { mainClass = 'com.acme.Main' }",
    ].join('\n');
    expect(parseManifest('build.gradle', gradle)).toMatchObject({
      dependencies: ['com.google.guava:guava:33.0', 'org.slf4j:slf4j-api:2.0'],
      devDependencies: ['junit:junit:4.13'],
      entryPoints: ['com.acme.Main'],
    });
  });

  it('returns undefined for a malformed manifest instead of failing the analysis', () => {
    expect(parseManifest('package.json', '{ nope')).toBeUndefined();
  });
});

describe('parseManifest on hostile input (issue 12, finding 5)', () => {
  const MiB = 1024 * 1024;
  /** Fills `size` bytes with `unit` repeated (the last copy cut). */
  const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  // Each of these made a `^\s*…` multi-line regex try every line start against the rest of
  // the file: minutes for 1 MiB on the task's main thread (heartbeats and time limits stall).
  const hostile: [string, string][] = [
    ['Gemfile', fill('\n', MiB)],
    ['Gemfile', fill(' \n', MiB)],
    ['Gemfile', fill("gem 'a\n", MiB)],
    ['go.mod', fill('\n', MiB)],
    ['go.mod', fill('\t\n', MiB)],
    ['build.gradle', fill('\n', MiB)],
    ['build.gradle.kts', fill(' \n', MiB)],
    ['build.gradle', `implementation${' '.repeat(MiB - 20)}`],
    ['requirements.txt', fill('\n', MiB)],
  ];

  it.each(hostile.map(([path, text], i) => ({ path, text, name: `${path} #${i}` })))(
    'parses a 1 MiB hostile $name in linear time',
    ({ path, text }) => {
      const started = performance.now();
      parseManifest(path, text);
      // Linear parsing takes ~50 ms on an idle core (~400 ms at load 12 on 2 cores); the
      // quadratic regexes took minutes. The bound is generous for a loaded machine.
      expect(performance.now() - started).toBeLessThan(5_000);
    },
  );

  it('does not parse a manifest over MAX_MANIFEST_BYTES', () => {
    expect(MAX_MANIFEST_BYTES).toBe(MiB);
    expect(parseManifest('Gemfile', `gem 'rails'\n${fill('#', MiB)}`)).toBeUndefined();
    expect(parseManifest('package.json', JSON.stringify({ name: 'é'.repeat(MiB / 2) }))).toBeUndefined();
  });

  it('still reads the dependencies of a large but ordinary Gemfile', () => {
    const text = `${fill('# comment\n', MiB - 100)}\n  gem "rails", "~> 7"\ngem 'puma'\n`;
    expect(parseManifest('Gemfile', text)?.dependencies).toEqual(['rails', 'puma']);
  });
});
