import { fileURLToPath } from 'node:url';

/** Repository root (packages/devstack/src → ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceSpec {
  /** Folder under apps/ and the service name in logs. */
  readonly name: string;
  /** Default HTTP_PORT of the service (its env.ts). */
  readonly httpPort: number;
}

/** The seven deployables, in the order `pnpm dev` starts them. Ports match each app's env.ts. */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'warehouse-svc', httpPort: 3101 },
  { name: 'stats-svc', httpPort: 3102 },
  { name: 'accesslog-svc', httpPort: 3103 },
  { name: 'minimap-svc', httpPort: 3104 },
  { name: 'migration-svc', httpPort: 3105 },
  { name: 'scheduler-svc', httpPort: 3106 },
  { name: 'console', httpPort: 3107 },
];

/**
 * `node …` arguments that run an app from its TypeScript source: the `source` export
 * condition maps internal packages to src/, swc emits the decorator metadata Nest needs.
 */
export function serviceArgs(name: string, args: readonly string[] = []): string[] {
  return [
    '--conditions=source',
    '--import',
    '@swc-node/register/esm-register',
    `${REPO_ROOT}apps/${name}/src/main.ts`,
    ...args,
  ];
}
