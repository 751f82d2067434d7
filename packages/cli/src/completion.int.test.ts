import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';
import { completionTree } from './completion/command-tree.js';
import { fishScript } from './completion/fish.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

const hasShell = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

describe('tasks --version, completion and the dev env file (real binary)', () => {
  it('--version prints the package version; no stderr without .devstack/env; the file is read when present', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasks-env-'));
    const file = join(dir, 'env');
    writeFileSync(
      file,
      'NATS_URL=nats://from-dev-env:4999\nDATABASE_URL=postgres://u:secret@from-dev-env:5433/db\n',
    );
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const [v, missing, present, overridden, bad] = await Promise.all([
      runCli(['--version'], { TASKS_ENV_FILE: join(dir, 'absent') }),
      runCli(['--help'], { TASKS_ENV_FILE: join(dir, 'absent') }),
      runCli(['--help'], { TASKS_ENV_FILE: file, NATS_URL: '', DATABASE_URL: '' }),
      runCli(['--help'], { TASKS_ENV_FILE: file, NATS_URL: 'nats://explicit:4222' }),
      runCli(['completion', 'tcsh'], {}),
    ]);
    expect(v).toMatchObject({ code: EXIT.ok, stdout: `${version}\n`, stderr: '' });
    expect(missing.code).toBe(EXIT.ok);
    expect(missing.stderr).toBe('');
    expect(present.stdout).toContain('nats://from-dev-env:4999');
    expect(present.stdout).toContain('postgres://u:***@from-dev-env:5433/db');
    expect(overridden.stdout).toContain('nats://explicit:4222');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/unsupported shell "tcsh"/);
  }, 60_000);

  it('bash completes commands, nested commands, flags and their values from the generated script', async () => {
    const run = await runCli(['completion', 'bash'], {});
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const script = join(mkdtempSync(join(tmpdir(), 'tasks-completion-')), 'tasks.bash');
    writeFileSync(script, run.stdout);
    const complete = (line: string) => {
      const words = line.split(' ');
      const out = execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tasks_completion; echo "\${COMPREPLY[*]}"`,
          script,
        ],
        { encoding: 'utf8' },
      );
      return out.trim().split(' ').filter(Boolean).sort();
    };
    expect(complete('tasks dl')).toEqual(['dlq']);
    expect(complete('tasks dlq re')).toEqual(['replay']);
    expect(complete('tasks dlq replay --t')).toEqual(['--task', '--timeout']);
    expect(complete('tasks --json dlq li')).toEqual(['list']);
    expect(complete('tasks list --state F')).toEqual(['FAILURE']);
    expect(complete('tasks list --queue st')).toEqual(['statistics']);
    expect(complete('tasks list --queue statistics --st')).toEqual(['--state']);
    expect(complete('tasks submit proc')).toEqual(['process']);
    expect(complete('tasks submit minimap.v')).toEqual(['minimap.validate']);
    expect(complete('tasks pause mini')).toEqual(['minimap']);
    expect(complete('tasks schedule ')).toEqual(['history', 'list', 'pause', 'resume', 'trigger']);
    expect(complete('tasks completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('tasks warehouse list --status f')).toEqual(['failed']);
  }, 60_000);

  it('zsh and fish scripts cover every command of the program', async () => {
    const [zsh, fish] = await Promise.all([
      runCli(['completion', 'zsh'], {}),
      runCli(['completion', 'fish'], {}),
    ]);
    expect(zsh.stdout).toMatch(/^#compdef tasks\n/);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -F _tasks_completion tasks');
    const tree = completionTree(await buildProgram());
    // Whole, through a pipe: the fish script (~106 KiB) is larger than a pipe's buffer, and an
    // exit right after the write used to cut it at 64 KiB.
    expect(fish.stdout.length).toBeGreaterThan(65_536);
    expect(fish.stdout).toBe(fishScript(tree));
    for (const n of tree.filter((x) => x.path.length > 0)) {
      expect(fish.stdout, n.path.join(' ')).toContain(`-a '${n.path.at(-1)}'`);
      expect(zsh.stdout, n.path.join(' ')).toContain(`'${n.path.join(' ')}')`);
    }
    expect(fish.stdout).toContain(
      "complete -c tasks -n '__fish_seen_subcommand_from dlq; and not __fish_seen_subcommand_from list show replay purge' -a 'replay'",
    );
    // `tasks list` is told apart from `tasks dlq list`.
    expect(fish.stdout).toMatch(
      /complete -c tasks -n '__fish_seen_subcommand_from list; and not __fish_seen_subcommand_from dlq; and not __fish_seen_subcommand_from schedule; and not __fish_seen_subcommand_from warehouse' -l state -x -a 'PENDING/,
    );
    // Where the shells are installed, the scripts are run too (zsh's bashcompinit hands the
    // words over 0-based under `emulate sh` and filters by the typed prefix itself).
    const dir = mkdtempSync(join(tmpdir(), 'tasks-completion-'));
    if (hasShell('zsh')) {
      writeFileSync(join(dir, 'tasks.zsh'), zsh.stdout);
      const zshComplete = (words: string[]) =>
        execFileSync(
          'zsh',
          [
            '-c',
            `source "$1"; emulate sh -c 'COMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; _tasks_completion; echo "\${COMPREPLY[*]}"'`,
            'zsh',
            join(dir, 'tasks.zsh'),
          ],
          { encoding: 'utf8' },
        )
          .trim()
          .split(' ');
      expect(zshComplete(['tasks', 'dlq', 're'])).toEqual(['list', 'show', 'replay', 'purge']);
      expect(zshComplete(['tasks', 'pause', ''])).toContain('minimap');
    }
    if (hasShell('fish')) {
      writeFileSync(join(dir, 'tasks.fish'), fish.stdout);
      const fishComplete = (line: string) =>
        execFileSync('fish', ['-c', `source $argv[1]; complete -C "${line}"`, join(dir, 'tasks.fish')], {
          encoding: 'utf8',
        })
          .trim()
          .split('\n')
          .map((l) => l.split('\t')[0]);
      expect(fishComplete('tasks dl')).toEqual(['dlq']);
      expect(fishComplete('tasks dlq re')).toEqual(['replay']);
      expect(fishComplete('tasks list --state F')).toEqual(['FAILURE']);
      expect(fishComplete('tasks list --q')).toEqual(['--queue']);
      expect(fishComplete('tasks submit minimap.v')).toEqual(['minimap.validate']);
    }
  }, 60_000);
});
