// Preloaded (`--import`) into parse worker threads only when the service runs from src/.
// Node 24 strips TypeScript types natively, but relative imports are written with a `.js`
// suffix (NodeNext style) and only a `.ts` file exists next to the importer: map one to
// the other. registerHooks runs in-thread, so this costs no loader thread per worker
// (inheriting the swc loader instead cost ~0.35 s CPU and ~80 MB RSS per thread here).
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      try {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      } catch {
        // No .ts twin: a real .js file.
      }
    }
    return nextResolve(specifier, context);
  },
});
