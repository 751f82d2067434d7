#!/usr/bin/env node
// Installed bin: runs the built CLI. In the repo, `pnpm tasks …` runs src/ directly.
import module from 'node:module';

// V8 keeps the compiled code of the CLI's modules on disk (NODE_COMPILE_CACHE, else the OS
// temp directory) and reuses it on the next run; see README "Start-up". Optional chaining:
// an unsupported Node must still reach the version check of dist/bin.js.
module.enableCompileCache?.();
await import('../dist/bin.js');
