/**
 * Imported FIRST by every entry point (each service's main.ts, the `tasks` CLI, `pnpm dev`,
 * the vitest global setup): ESM evaluates a module's imports in order, so this side effect runs
 * before any other module of the program, and an unsupported Node stops at once with one line,
 * before a service comes up half-working (before Node 21 `Map.groupBy` and friends are missing,
 * and the parse pool of warehouse-svc never answered).
 *
 * Keep this file free of imports and of syntax or APIs newer than Node 18: it must itself run
 * on the Node it refuses. Raise the number together with engines.node in package.json and
 * NODE_VERSION in ./run.
 */

/** Oldest Node major version the project runs on. @default 24 */
export const MIN_NODE_MAJOR = 24;

/** The one line an unsupported Node gets, or undefined when `version` (`v24.1.0`) is fine. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return `repowiki-tasks needs Node.js ${MIN_NODE_MAJOR} or newer, this is ${version}: run it through ./run (it installs the pinned Node 24 when missing) or install Node ${MIN_NODE_MAJOR}`;
}

const problem = nodeVersionProblem(process.version);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  // MUST exit here, synchronously: the modules imported after this one are not evaluated.
  process.exit(1);
}
