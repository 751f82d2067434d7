import { Command } from 'commander';
import { notFound } from '../cli.errors.js';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';
import { runCommand } from '../run-command.js';

export function warehousePageCommand(): Command {
  return new Command('page')
    .description('print one generated wiki page as Markdown')
    .argument('<id>', 'warehouse id')
    .argument(
      '<page-url>',
      'the page url as `tasks warehouse show` lists it, e.g. overview or modules/parser',
    )
    .action(async (id: string, url: string, _opts: unknown, cmd: Command) =>
      runCommand(cmd, async ({ conn, options }) => {
        const { getWarehouse, warehousePage } = await import('@repowiki/db');
        const db = await conn.db();
        if (!(await getWarehouse(db, id))) throw notFound(`no warehouse ${id}`);
        const page = await warehousePage(db, id, url.replace(/^\/+|\/+$/g, ''));
        if (!page)
          throw notFound(`warehouse ${id} has no page "${url}" (\`tasks warehouse show ${id}\` lists them)`);
        print(options.json, { warehouseId: id, ...page }, () => page.content.replace(/\n+$/, ''));
        return EXIT.ok;
      }),
    );
}
