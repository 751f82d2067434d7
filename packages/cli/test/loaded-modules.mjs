// `node --import` this file (NODE_OPTIONS) to have every module the process loads, as a URL per
// line, written to the file named by LOADED_MODULES_FILE when the process exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.LOADED_MODULES_FILE;
const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
if (out) process.on('exit', () => writeFileSync(out, [...loaded].join('\n')));
