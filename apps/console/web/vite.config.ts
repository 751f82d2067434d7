import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The browser app; `pnpm build` writes it to apps/console/dist/web, which the console serves. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // Internal packages (`@repowiki/contracts`) are read from their TypeScript sources.
  resolve: { conditions: ['source', 'browser', 'import', 'module', 'default'] },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4_000,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3107', '/login': 'http://127.0.0.1:3107' } },
});
