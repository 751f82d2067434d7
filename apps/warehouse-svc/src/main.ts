// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
import { createRequire } from 'node:module';
import { bootstrapService } from '@repowiki/runtime';
import { envSchema } from './env.js';
import { warehouseHandlers } from './warehouse-handlers.js';

/** Works from src/ (dev) and dist/ (image): both sit one level below package.json. */
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

await bootstrapService({
  name: 'warehouse-svc',
  version,
  queue: 'warehouse',
  envSchema,
  // Built from the env once; the TaskWorker calls them directly (a missing one does not compile).
  handlers: ({ env }) => warehouseHandlers(env),
});
