import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The handler map a service hands to bootstrapService is typed over its queue's slice of
 * the catalog: a task of the queue without a handler must not compile, whether the map is
 * built with `defineHandlers` or written inline. Checked by compiling small programs
 * against this package's source with the repository's compiler options.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = join(HERE, '..', '..');

const HEAD = `
import { bootstrapService, defineHandlers, serviceEnvSchema } from '../src/index.js';
const envSchema = serviceEnvSchema({ httpPort: 0 });
const none = async () => ({}) as never;
`;
const THREE = `
  'tasks.statistics.daily': none,
  'tasks.statistics.cleanup-access-records': none,
  'tasks.statistics.system': none,`;
const FOUR = `${THREE}
  'tasks.statistics.warehouse': none,`;

function diagnostics(body: string): string[] {
  const configPath = join(PACKAGE, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  // Beside the package's own test/ folder, so `../src/index.js` resolves as it would there.
  const file = join(PACKAGE, 'test', '__handler-map-probe__.ts');
  const host = ts.createCompilerHost({ ...config.options, noEmit: true });
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? HEAD + body : readFile(name));
  host.fileExists = (name) => name === file || ts.sys.fileExists(name);
  host.getSourceFile = (name, lang, onError, create) =>
    name === file
      ? ts.createSourceFile(name, HEAD + body, lang, true)
      : getSourceFile(name, lang, onError, create);
  const program = ts.createProgram([file], { ...config.options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a service handler map', () => {
  it('with every task of the queue compiles, through defineHandlers and inline', () => {
    expect(
      diagnostics(`
export const handlers = defineHandlers('statistics', {${FOUR}
});
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers });
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers: {${FOUR}
} });
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers: () => ({${FOUR}
}) });
`),
    ).toEqual([]);
  }, 60_000);

  it('missing a task of the queue does not compile, and the error names the task', () => {
    const errors = diagnostics(`
export const handlers = defineHandlers('statistics', {${THREE}
});
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers: {${THREE}
} });
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers: () => ({${THREE}
}) });
`);
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toMatch(/"tasks\.statistics\.warehouse"' is missing/);
  }, 60_000);

  it('a queue without handlers, or handlers of another queue, does not compile', () => {
    const errors = diagnostics(`
const minimap = defineHandlers('minimap', {
  'tasks.minimap.generate': none,
  'tasks.minimap.regenerate': none,
  'tasks.minimap.cleanup': none,
  'tasks.minimap.validate': none,
});
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics' });
await bootstrapService({ name: 'x', version: '0', envSchema, queue: 'statistics', handlers: minimap });
`);
    expect(errors).toHaveLength(2);
  }, 60_000);
});
