#!/usr/bin/env node
// Installed bin: runs the built CLI. In the repo, `pnpm tasks …` runs src/ directly.
await import('../dist/bin.js');
