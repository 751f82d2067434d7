import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const resolve = { conditions: ['source', 'import', 'module', 'node', 'development|production'] };

export default defineConfig({
  resolve,
  environments: { ssr: { resolve }, __vitest__: { resolve } },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.fixture.ts'],
    globalSetup: [fileURLToPath(new URL('../../src/global-setup.ts', import.meta.url))],
  },
});
