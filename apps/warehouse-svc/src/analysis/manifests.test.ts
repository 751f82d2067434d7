import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifests.js';

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

  it('returns undefined for a malformed manifest instead of failing the analysis', () => {
    expect(parseManifest('package.json', '{ nope')).toBeUndefined();
  });
});
