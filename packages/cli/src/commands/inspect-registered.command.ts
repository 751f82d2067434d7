import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function inspectRegisteredCommand(): Command {
  return new Command('registered')
    .description('tasks each running service handles')
    .action(async (_opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { discoverServices, inspectWorkers } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const nc = await conn.nats();
        const names = [...new Set((await discoverServices(nc, topology)).map((s) => s.name))];
        const rows: { service: string; workers: number; tasks: string[] }[] = [];
        for (const service of names) {
          const replies = await inspectWorkers(nc, topology, service);
          const tasks = [...new Set(replies.flatMap((r) => r.registered))].sort();
          rows.push({ service, workers: new Set(replies.map((r) => r.workerId)).size, tasks });
        }
        print(options.json, rows, () =>
          table(
            ['service', 'tasks'],
            rows.map((r) => [r.service, r.tasks.join('\n')]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
