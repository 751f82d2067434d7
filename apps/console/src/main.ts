// MUST stay the first import: stops an unsupported Node before any other module runs.
import '@repowiki/node-check';
import { createRequire } from 'node:module';
import { bootstrapService } from '@repowiki/runtime';
import { consoleModule } from './app.module.js';
import { envSchema } from './env.js';

/** Works from src/ (dev) and dist/ (image): both sit one level below package.json. */
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

await bootstrapService({
  name: 'console',
  version,
  envSchema,
  module: consoleModule,
});
