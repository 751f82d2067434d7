import { GitFixture } from './git-fixture.js';

/** Script and link payloads a hostile repository author writes into every field they own. */
export const XSS = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  link: ')[x](javascript:alert(1))',
  data: '![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
} as const;

/** Folder names that try to leave their place in a link, a list, a table or a diagram. */
export const HOSTILE_FOLDERS = {
  /** Ends a link early and starts a `javascript:` link. */
  link: XSS.link,
  /** A module key that reads as a URL scheme. */
  scheme: 'javascript:alert(1)',
  /** Raw HTML as a folder name. */
  html: XSS.img,
  /** Ends a quoted Mermaid label and adds a node of its own. */
  mermaid: 'a"] --> evil["x',
} as const;

/** The description in the root manifest: a newline, a heading, HTML, a table row, a link. */
export const HOSTILE_DESCRIPTION = `Evil\n# injected heading\n${XSS.script} | cell | [x](javascript:alert(1)) ${XSS.img}`;

/**
 * A real git repository whose author tries to inject HTML, script links, Markdown structure
 * and Mermaid statements through everything the wiki shows: README, manifest name,
 * description, scripts, dependencies and entry points, folder and file names (one with a
 * newline), docstrings, symbol names, a symlink target, and the commit title and body.
 * The `HOSTILE_FOLDERS` modules import each other, so the Architecture page draws them.
 */
export function buildHostileRepo(options: { readme: boolean; bigManifestBytes?: number }): GitFixture {
  const repo = new GitFixture('repowiki-hostile-');
  const f = HOSTILE_FOLDERS;
  if (options.readme) {
    repo.write(
      'README.md',
      [
        '<p align="center"><img src="logo.png" onerror="alert(1)"></p>',
        '',
        `Hostile ${XSS.script} project: [click](javascript:alert(1)) ${XSS.data} <javascript:alert(1)>`,
        '',
        '## Install',
        '',
        `<iframe src="javascript:alert(1)"></iframe> [setup](vbscript:msgbox) ${XSS.img}`,
        '[ref]: javascript:alert(1)',
        'Then [read on][ref].',
        '',
        '```sh',
        'npm install <pkg> # </code></pre><script>alert(1)</script>',
        '```',
      ].join('\n'),
    );
  }
  repo
    .write(
      'package.json',
      JSON.stringify({
        name: XSS.img,
        description: HOSTILE_DESCRIPTION,
        main: 'javascript:alert(1)',
        bin: { [`evil${XSS.script}`]: './bin`x`.js' },
        scripts: { build: `echo \`whoami\` ${XSS.script}`, 'te|st': 'a\nb ``` c' },
        dependencies: { '<b>dep</b>': '1', 'evil`dep': '1', [XSS.link]: '1' },
      }),
    )
    .write(
      'pyproject.toml',
      `[project]\nname = "py${XSS.script}"\ndescription = "${XSS.link.replace(/"/g, '')} | x"\n`,
    )
    .write(
      `${f.scheme}/main.py`,
      `def load():\n    """${XSS.img} [x](javascript:alert(1)) | a \`b\`\n    # not a heading\n    """\n    return 1\n`,
    )
    .write(
      `${f.html}/lib.ts`,
      `import { load } from '../${f.scheme}/main';\n/** ${XSS.script} \`code\` | pipe [x](javascript:alert(1)) */\nexport function evil() { return load; }\n`,
    )
    .write(`${f.html}/package.json`, JSON.stringify({ name: `@x/${XSS.img}`, description: XSS.data }))
    .write(`${f.link}/index.ts`, `import { evil } from '../${f.html}/lib';\nexport const again = evil;\n`)
    .write(
      `${f.mermaid}/index.ts`,
      `import { again } from '../${f.link}/index';\nexport const more = again;\n`,
    )
    .write('rust/lib.rs', 'pub struct Foo<T>(T);\nimpl<T> Foo<T> {}\n')
    .write('docs/evil\n# heading <script>alert(1)</script>.md', 'x\n')
    .write('docs/a`b|c<d>.md', 'x\n')
    .symlink('docs/link', `x\n${XSS.script}`);
  if (options.bigManifestBytes) repo.write('big/Gemfile', "gem 'a'\n".repeat(options.bigManifestBytes / 8));
  repo.commit(`${XSS.script} [x](javascript:alert(1))\n\n${XSS.img} body | line\n`);
  return repo;
}
