import type { CatalogNode } from '@repowiki/db';
import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { fields, print } from '../output.js';
import { runCommand } from '../run-command.js';

/** Indented tree lines: `name — page title` with ✓ for completed pages. */
export function renderCatalog(nodes: readonly CatalogNode[]): string[] {
  const children = new Map<string | null, CatalogNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const parent = n.parentId && ids.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      const title = n.pageTitle ? ` — ${n.pageTitle}` : '';
      lines.push(`${'  '.repeat(depth)}${n.isCompleted ? '✓' : '·'} ${n.name}${title}`);
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return lines;
}

export function warehouseShowCommand(): Command {
  return new Command('show')
    .description('status, catalog tree and page titles of a warehouse')
    .argument('<id>', 'warehouse id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { catalogOf, getWarehouse } = await import('@repowiki/db');
        const db = await conn.db();
        const w = await getWarehouse(db, id);
        if (!w) throw notFound(`no warehouse ${id}`);
        const catalog = await catalogOf(db, id);
        print(options.json, { ...w, catalog }, () =>
          [
            fields([
              ['id', w.id],
              ['name', `${w.organizationName}/${w.name}`],
              ['address', w.address],
              ['type', w.type],
              ['branch', w.branch],
              ['status', w.isDeleted ? `${w.status} (deleted)` : w.status],
              ['error', w.error],
              ['version', w.version],
              ['classification', w.classify],
              ['updated', w.updatedAt],
            ]),
            `Catalog (${catalog.length} items, ${catalog.filter((c) => c.pageTitle).length} pages)`,
            ...renderCatalog(catalog),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
