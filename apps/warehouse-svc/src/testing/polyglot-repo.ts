import { GitFixture } from './git-fixture.js';

/**
 * A small repository in six languages with nested modules, a .gitignore, a symlink
 * pointing outside, a binary, a large file and a non-UTF-8 file name; three commits.
 */
export function buildPolyglotRepo(largeFileBytes: number): GitFixture {
  const repo = new GitFixture();
  repo
    .write(
      'README.md',
      '# Acme\n\nAcme is a toolkit of small services used in tests.\n\n## Install\n\nRun `npm install`.\n',
    )
    .write('.gitignore', 'secret.log\ngenerated/\n')
    .write(
      'packages/core/package.json',
      JSON.stringify({ name: '@acme/core', description: 'Core helpers', dependencies: { zod: '4' } }),
    )
    .write(
      'packages/core/src/lib.ts',
      '/** Makes a thing. */\nexport function createThing() { return 1; }\nexport class Registry {}\n',
    );
  repo.commit('core: first helpers');
  repo
    .write(
      'packages/web/package.json',
      JSON.stringify({ name: '@acme/web', dependencies: { '@acme/core': '1' } }),
    )
    .write(
      'packages/web/src/index.ts',
      "import { createThing } from '@acme/core';\nexport const page = createThing();\n",
    )
    .write(
      'packages/web/src/legacy.js',
      "const core = require('../../core/src/lib.js');\nfunction render() {}\nmodule.exports = { render };\n",
    )
    .write('pyapp/pyproject.toml', '[project]\nname = "pyapp"\ndependencies = ["requests"]\n')
    .write(
      'pyapp/main.py',
      'import requests\n\ndef load_model():\n    """Loads the model."""\n    return 1\n\nclass Trainer:\n    pass\n',
    )
    .write('gosvc/go.mod', 'module example.test/gosvc\n\ngo 1.22\n')
    .write(
      'gosvc/main.go',
      'package main\n\nimport "fmt"\n\n// Serve starts the server.\nfunc Serve() { fmt.Println("x") }\n',
    )
    .write('rustlib/Cargo.toml', '[package]\nname = "rustlib"\n[dependencies]\nserde = "1"\n')
    .write('rustlib/src/lib.rs', '/// Parses input.\npub fn parse_input() {}\npub struct Parser;\n')
    .write('javaapp/pom.xml', '<project><artifactId>javaapp</artifactId></project>')
    .write(
      'javaapp/src/main/java/com/acme/App.java',
      'package com.acme;\n/** Entry. */\npublic class App { public static void main(String[] a) {} }\n',
    )
    .write(
      'dotnet/Tool.csproj',
      '<Project><ItemGroup><PackageReference Include="Serilog" Version="3"/></ItemGroup></Project>',
    )
    .write(
      'dotnet/Program.cs',
      'namespace Acme.Tool {\n/// <summary>Greets.</summary>\npublic class Greeter {}\n}\n',
    )
    .write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00]))
    .write('data/big.txt', 'x'.repeat(largeFileBytes))
    .write(Buffer.from('docs/caf\xe9.md', 'latin1'), '# Notes\n')
    .write('secret.log', 'ignored by .gitignore\n')
    .write('generated/out.ts', 'export const x = 1;\n')
    .symlink('link-out', '/etc/passwd');
  repo.commit('add services in five more languages');
  repo.write('pyapp/util.py', 'def helper():\n    return 2\n');
  repo.commit('pyapp: helper');
  return repo;
}
