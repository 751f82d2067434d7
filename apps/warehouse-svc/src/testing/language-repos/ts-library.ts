import { GitFixture } from '../git-fixture.js';

/**
 * A TypeScript library: `src/index.ts` re-exports, arrow-function constants (exported and
 * not), a class with fields, accessors, an arrow-function property and static members, an
 * interface, an enum, a default export, a sub-module with its own index, a `paths` alias (`@/lib/format`) in a tsconfig.json with
 * comments and trailing commas, a CommonJS file;
 * tests, a bundler config and CI beside them.
 */
export function buildTsRepo(): GitFixture {
  const repo = new GitFixture('repowiki-ts-');
  repo
    .write('README.md', '# tsx-kit\n\nTyped helpers.\n')
    .write(
      'package.json',
      JSON.stringify(
        { name: '@acme/tsx-kit', description: 'Typed helpers.', main: 'dist/index.js' },
        null,
        2,
      ),
    )
    .write('vite.config.ts', "export default { build: { lib: 'src/index.ts' } };\n")
    .write(
      'tsconfig.json',
      '{\n  // "@/x" is "src/x"\n  "compilerOptions": {\n    "strict": true,\n    "paths": { "@/*": ["./src/*"], },\n  },\n}\n',
    )
    .write('src/lib/index.ts', "export { fmt } from './format';\n")
    .write(
      'src/lib/format.ts',
      '/** Shows a value. */\nexport function fmt(value: unknown): string {\n  return String(value);\n}\n',
    )
    .write(
      'src/index.ts',
      "export { createStore, Store } from './store';\nexport * from './strings';\nexport type { Options } from './store';\n",
    )
    .write(
      'src/store.ts',
      [
        "import { slug } from './strings';",
        '',
        '/** Creates a store holding `initial`. */',
        'export const createStore = <T,>(initial: T): Store<T> => new Store(initial);',
        '',
        '// eslint-disable-next-line no-unused-vars',
        'const double = (x: number): number => x * 2;',
        '',
        '/** Options of a store. */',
        'export interface Options {',
        '  /** Logs every change. */',
        '  debug?: boolean;',
        '  onChange(value: unknown): void;',
        '}',
        '',
        '/** A value that changes over time. */',
        'export class Store<T> {',
        '  private state: T;',
        '  /** How many times it changed. */',
        '  public changes = 0;',
        '',
        '  constructor(initial: T) {',
        '    this.state = initial;',
        '  }',
        '',
        '  /** The current value. */',
        '  get(): T {',
        '    return this.state;',
        '  }',
        '',
        '  /** Replaces the value. */',
        '  set = (next: T): void => {',
        '    this.state = next;',
        '  };',
        '',
        '  get size(): number {',
        '    return double(1);',
        '  }',
        '',
        '  static of<T>(value: T): Store<T> {',
        '    return new Store(value);',
        '  }',
        '}',
        '',
        '/** Log levels. */',
        'export enum Level {',
        '  Low,',
        '  High,',
        '}',
        '',
        'export default function main(): string {',
        "  return slug('x');",
        '}',
        '',
      ].join('\n'),
    )
    .write(
      'src/strings.ts',
      '/** Turns text into a slug. */\nexport function slug(text: string): string {\n  return text;\n}\n\n/** Upper-cases text. */\nexport const upper = function (text: string): string {\n  return text.toUpperCase();\n};\n',
    )
    .write('src/plugins/index.ts', "export { logger } from './logger';\n")
    .write(
      'src/plugins/logger.ts',
      "import { z } from 'zod';\nimport { fmt } from '@/lib/format';\nimport { createStore } from '../store';\nimport './nope';\n\n/** Logs store changes. */\nexport const logger = async (name: string) => createStore(fmt(z.string().parse(name)));\n",
    )
    .write('src/legacy.js', 'function legacy() {\n  return 1;\n}\n\nmodule.exports = { legacy };\n')
    .write(
      'test/store.test.ts',
      "import { createStore } from '../src/store';\n\nconst it = (n: string, f: () => void) => f();\nit('stores', () => createStore(1));\n",
    )
    .write('.github/workflows/ci.yml', 'on: push\n');
  repo.commit('tsx kit');
  return repo;
}
