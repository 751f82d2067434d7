import { Command, InvalidArgumentError } from 'commander';
import { bashScript } from '../completion/bash.js';
import { completionTree } from '../completion/command-tree.js';
import { fishScript } from '../completion/fish.js';
import { zshScript } from '../completion/zsh.js';
import { EXIT } from '../exit-codes.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script: source <(tasks completion bash), or see the README')
    .argument('<shell>', 'bash, zsh or fish', (v: string) => {
      if (!(v in SHELLS)) throw new InvalidArgumentError(`unsupported shell "${v}" (bash, zsh or fish)`);
      return v as keyof typeof SHELLS;
    })
    .action((shell: keyof typeof SHELLS, _opts: unknown, cmd: Command) => {
      // The root of the running program: the script lists exactly the commands it has.
      let root = cmd;
      while (root.parent) root = root.parent;
      process.stdout.write(SHELLS[shell](completionTree(root)));
      process.exitCode = EXIT.ok;
    });
}
