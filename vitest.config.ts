import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Internal packages resolve to src/ through the `source` export condition: tests never wait on a build.
const resolve = {
  conditions: ['source', 'import', 'module', 'node', 'development|production'],
};

export default defineConfig({
  // NestJS DI needs decorator metadata, which esbuild/oxc do not emit.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve,
  environments: { ssr: { resolve }, __vitest__: { resolve } },
  test: {
    include: ['{apps,packages}/*/{src,test}/**/*.test.ts'],
    globalSetup: ['packages/testkit/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Integration tests share two cores with NATS and PostgreSQL.
    maxWorkers: 2,
  },
});
