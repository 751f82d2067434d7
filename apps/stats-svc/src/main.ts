// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
import { createRequire } from 'node:module';
import { bootstrapService } from '@repowiki/runtime';
import { envSchema } from './env.js';
import { handlers } from './handlers/index.js';

/** Works from src/ (dev) and dist/ (image): both sit one level below package.json. */
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

await bootstrapService({
  name: 'stats-svc',
  version,
  queue: 'statistics',
  envSchema,
  // The TaskWorker calls these directly; a task of the queue without one does not compile.
  handlers,
});
