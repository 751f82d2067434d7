import type { MiniMapNode } from '@repowiki/contracts';
import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

/** The mind map as an indented tree: `title  (url)`, two spaces per level. */
export function renderMap(root: { title: string; url: string; nodes: MiniMapNode[] }): string[] {
  const lines: string[] = [];
  const walk = (n: MiniMapNode | typeof root, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${depth ? '- ' : ''}${n.title}${n.url ? `  (${n.url})` : ''}`);
    for (const c of n.nodes) walk(c, depth + 1);
  };
  walk(root, 0);
  return lines;
}

export function warehouseMapCommand(): Command {
  return new Command('map')
    .description('the mind map of a repository as an indented tree')
    .argument('<id>', 'warehouse id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { getWarehouse, warehouseMap } = await import('@repowiki/db');
        const db = await conn.db();
        if (!(await getWarehouse(db, id))) throw notFound(`no warehouse ${id}`);
        const map = await warehouseMap(db, id);
        if (!map)
          throw notFound(`warehouse ${id} has no mind map yet (minimap-svc builds it once processed)`);
        print(options.json, { warehouseId: id, ...map }, () => renderMap(map.value).join('\n'));
        return EXIT.ok;
      }),
    );
}
