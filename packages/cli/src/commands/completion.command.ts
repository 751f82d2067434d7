import { Command, InvalidArgumentError } from 'commander';
import { EXIT } from '../exit-codes.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script: source <(tasks completion bash), or see the README')
    .argument('<shell>', 'bash, zsh or fish', (v: string) => {
      if (!(SHELLS as readonly string[]).includes(v))
        throw new InvalidArgumentError(`unsupported shell "${v}" (bash, zsh or fish)`);
      return v as Shell;
    })
    .action(async (shell: Shell, _opts: unknown, cmd: Command) => {
      // The script generators and the task catalog they list load only for this command.
      const [{ completionTree }, { bashScript }, { zshScript }, { fishScript }] = await Promise.all([
        import('../completion/command-tree.js'),
        import('../completion/bash.js'),
        import('../completion/zsh.js'),
        import('../completion/fish.js'),
      ]);
      const scripts = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;
      // The root of the running program: the script lists exactly the commands it has.
      let root = cmd;
      while (root.parent) root = root.parent;
      process.stdout.write(scripts[shell](completionTree(root)));
      process.exitCode = EXIT.ok;
    });
}
