import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './services.js';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

/** Every workspace package by name, with its folder. */
function workspacePackages(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>();
  for (const group of ['apps', 'packages']) {
    for (const entry of readdirSync(join(REPO_ROOT, group))) {
      const dir = join(REPO_ROOT, group, entry);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      found.set(manifest.name, { dir, manifest });
    }
  }
  return found;
}

/**
 * The source folders a service runs from: its own `src/` and the `src/` of every workspace
 * package it depends on at run time (`dependencies`, transitively; devDependencies such as
 * the testkit are not loaded by a running service). `pnpm dev --watch` restarts the service
 * when a file under one of them changes.
 */
export function serviceSourceDirs(service: string): string[] {
  const packages = workspacePackages();
  const self = [...packages.values()].find((p) => p.dir === join(REPO_ROOT, 'apps', service));
  if (!self) throw new Error(`no app named ${service} under apps/`);
  const dirs: string[] = [];
  const seen = new Set<string>();
  const visit = (pkg: { dir: string; manifest: Manifest }) => {
    if (seen.has(pkg.manifest.name)) return;
    seen.add(pkg.manifest.name);
    const src = join(pkg.dir, 'src');
    if (existsSync(src)) dirs.push(src);
    for (const [dep, spec] of Object.entries(pkg.manifest.dependencies ?? {})) {
      const target = packages.get(dep);
      if (target && spec.startsWith('workspace:')) visit(target);
    }
  };
  visit(self);
  return dirs;
}
