// Preload of `pnpm bench idle`'s module-count start (`node --import …/count-modules.mjs`):
// every module file the process loads (ESM and CommonJS, through the synchronous load
// hook), written to IDLE_BENCH_MODULES_FILE a moment after the last one, one URL a line.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.IDLE_BENCH_MODULES_FILE;
const seen = new Set();
let pending;

registerHooks({
  load(url, context, next) {
    if (!url.startsWith('node:')) seen.add(url);
    if (file && !pending) {
      pending = setTimeout(() => {
        pending = undefined;
        writeFileSync(file, [...seen].join('\n'));
      }, 200);
      pending.unref();
    }
    return next(url, context);
  },
});
