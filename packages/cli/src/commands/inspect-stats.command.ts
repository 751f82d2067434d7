import type { InspectReply } from '@repowiki/runtime/ops';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { duration, print, table } from '../output.js';
import { runCommand } from '../run-command.js';

export function inspectStatsCommand(): Command {
  return new Command('stats')
    .description('per worker: micro-service stats and task counters')
    .action(async (_opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { discoverServices, inspectWorkers } = await import('@repowiki/runtime/ops');
        const topology = await conn.topology();
        const nc = await conn.nats();
        const services = await discoverServices(nc, topology);
        const names = [...new Set(services.map((s) => s.name))];
        const inspected = new Map<string, InspectReply>();
        for (const replies of await Promise.all(names.map((n) => inspectWorkers(nc, topology, n)))) {
          for (const r of replies) inspected.set(r.workerId, r);
        }
        // Instances that answered inspect but not `$SRV` discovery still count.
        const rows = services.map((s) => ({
          ...s,
          inspect: s.workerId ? inspected.get(s.workerId) : undefined,
        }));
        for (const r of inspected.values()) {
          if (!services.some((s) => s.workerId === r.workerId)) {
            rows.push({
              name: r.service,
              id: '',
              workerId: r.workerId,
              version: '',
              endpoints: [],
              requests: 0,
              errors: 0,
              inspect: r,
            });
          }
        }
        print(options.json, rows, () =>
          table(
            [
              'service',
              'worker',
              'instance',
              'version',
              'uptime',
              'queue',
              'requests',
              'errors',
              'active',
              'succeeded',
              'failed',
              'retried',
              'dead-lettered',
            ],
            rows.map((r) => [
              r.name,
              r.workerId ?? '',
              r.id,
              r.version,
              r.inspect
                ? duration(r.inspect.uptimeMs)
                : r.started
                  ? duration(Date.now() - Date.parse(r.started))
                  : '',
              r.inspect?.queue ? `${r.inspect.queue}${r.inspect.paused ? ' (PAUSED)' : ''}` : '',
              r.requests,
              r.errors,
              r.inspect?.active.length ?? '',
              r.inspect?.counters.succeeded ?? '',
              r.inspect?.counters.failed ?? '',
              r.inspect?.counters.retried ?? '',
              r.inspect?.counters.deadLettered ?? '',
            ]),
          ),
        );
        return EXIT.ok;
      }),
    );
}
