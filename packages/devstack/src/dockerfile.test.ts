/**
 * infra/docker/Dockerfile, checked without Docker: dockerfile-utils (the validator behind the
 * VS Code Dockerfile language server) finds no problem with it, at error or warning level,
 * and the runtime stage keeps the rules the charts rely on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationSeverity, validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './services.js';

const text = readFileSync(join(REPO_ROOT, 'infra', 'docker', 'Dockerfile'), 'utf8');
/** Instructions of the last stage (the image that runs), continuation lines joined. */
const runtime = text
  .replace(/\\\n/g, ' ')
  .split(/^FROM /m)
  .at(-1)!
  .split('\n')
  .filter((l) => /^[A-Z]+ /.test(l));

describe('infra/docker/Dockerfile', () => {
  it('passes dockerfile-utils validation with every rule at warning or above', () => {
    const problems = validate(text, {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    });
    expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('runs as uid 1000 on Node 24 slim with what `pnpm deploy --prod` put out, labelled', () => {
    expect(text).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    expect(text).toContain('deploy --legacy --prod /out');
    expect(runtime).toContain('USER 1000:1000');
    expect(runtime).toContain('COPY --from=build /out /app');
    expect(runtime).toContain('CMD ["node", "dist/main.js"]');
    for (const label of ['title', 'version', 'revision', 'created', 'source']) {
      expect(text).toContain(`org.opencontainers.image.${label}=`);
    }
    // Only what runs: no sources (the console's front-end is built into dist/web), no tests.
    expect(text).toContain('rm -rf /out/src /out/web /out/test /out/docs /out/tsconfig*.json');
    // git only where repositories are cloned.
    expect(runtime.join('\n')).toMatch(
      /if \[ "\$\{SERVICE\}" = "warehouse-svc" \]; then .*apt-get install -y --no-install-recommends git ca-certificates/,
    );
  });
});
