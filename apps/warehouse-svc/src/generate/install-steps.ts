import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';
import type { Manifest } from '../analysis/manifests.js';
import { plainLine } from './markdown-escape.js';

/** One way to install or build the project, as its root manifest declares it. */
export interface InstallStep {
  /** Shell commands, plain text (render them in a code block). */
  readonly commands: string[];
  /** What the commands do, plain text. */
  readonly about: string;
  readonly path: string;
}

const name = (m: Manifest) => plainLine(m.name ?? '', { max: 200 }).replace(/\s/g, '');

/**
 * How to install or build, from the manifests at the repository root only: a docs or
 * example `requirements.txt` deeper in the tree is never the install step, and a root
 * `requirements.txt` only counts when no Python project manifest is there.
 */
export function installSteps(a: RepositoryAnalysis): InstallStep[] {
  const root = a.manifests.filter((m) => !m.path.includes('/')).sort((x, y) => byCodeUnits(x.path, y.path));
  const hasFile = (path: string) => a.files.some((f) => f.path === path);
  const hasPythonProject = root.some((m) => m.kind === 'python' && m.name);
  const out: InstallStep[] = [];
  for (const m of root) {
    const n = name(m);
    const step = (commands: string[], about: string) => out.push({ commands, about, path: m.path });
    switch (m.kind) {
      case 'python':
        if (n) step([`pip install ${n}`], 'install the package');
        break;
      case 'requirements':
        if (!hasPythonProject) step(['pip install -r requirements.txt'], 'install the requirements');
        break;
      case 'npm':
        if (n && !m.private) step([`npm install ${n}`], 'add the package to a project');
        else
          step(
            [`${m.packageManager ?? nodePackageManager(a)} install`],
            'install its dependencies in a clone',
          );
        break;
      case 'go':
        if (n) step([`go get ${n}`], 'add the module to a Go project');
        break;
      case 'cargo':
        if (n && m.bins.length > 0) step([`cargo install ${n}`], 'install the commands');
        else if (n) step([`cargo add ${n}`], 'add the crate to a Rust project');
        break;
      case 'maven':
        step(['mvn install'], 'build and install it from a clone');
        break;
      case 'gradle':
        step([hasFile('gradlew') ? './gradlew build' : 'gradle build'], 'build it from a clone');
        break;
      case 'dotnet':
        step(['dotnet build'], 'build it from a clone');
        break;
      case 'composer':
        if (n) step([`composer require ${n}`], 'add the package to a project');
        break;
      case 'gem':
        step(['bundle install'], 'install the dependencies');
        break;
    }
  }
  return out;
}

/** The package manager a Node project's files name (lock files are not listed). @default npm */
function nodePackageManager(a: RepositoryAnalysis): string {
  const has = (path: string) => a.files.some((f) => f.path === path);
  if (has('pnpm-workspace.yaml')) return 'pnpm';
  if (has('.yarnrc.yml') || has('.yarnrc')) return 'yarn';
  if (has('bunfig.toml')) return 'bun';
  return 'npm';
}
