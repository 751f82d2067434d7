import { randomUUID } from 'node:crypto';
import { test, uniqueName } from '@repowiki/testkit';
import { describe, expect, inject } from 'vitest';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

describe('tasks warehouse list / page / map / reprocess', () => {
  test('list filters by status; page prints the Markdown; map prints the tree; reprocess submits reset', async ({
    dbClient,
    databaseUrl,
  }) => {
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: uniqueName('cli') };
    const sql = dbClient.sql;
    const add = async (name: string, status: string, minutesAgo: number, deleted = false) => {
      const [row] = await sql<{ id: string }[]>`
        insert into warehouses (name, organization_name, address, status, is_deleted, updated_at, error)
        values (${name}, 'acme', ${`https://example.com/acme/${name}.git`}, ${status}, ${deleted},
                now() - ${minutesAgo} * interval '1 minute', ${status === 'failed' ? 'clone failed: 404' : null})
        returning id`;
      return row!.id;
    };
    const done = await add('wiki', 'completed', 1);
    const failed = await add('broken', 'failed', 5);
    const pending = await add('queued', 'pending', 10);
    await add('gone', 'completed', 2, true);

    const [doc] = await sql<{ id: string }[]>`
      insert into documents (warehouse_id, git_path) values (${done}, '/tmp/wiki') returning id`;
    const [modules] = await sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, name, url, "order", is_completed)
      values (${done}, ${doc!.id}, 'Modules', 'modules', 1, true) returning id`;
    const [parser] = await sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, parent_id, name, url, "order", is_completed)
      values (${done}, ${doc!.id}, ${modules!.id}, 'Parser', 'modules/parser', 0, true) returning id`;
    const markdown = '# Parser\n\nReads `*.wiki` files.\n\n```ts\nparse(text)\n```\n';
    await sql`insert into document_file_items (document_catalog_id, title, content)
              values (${parser!.id}, 'The parser', ${markdown})`;
    const map = {
      title: 'acme/wiki',
      url: '',
      nodes: [
        { title: 'src', url: 'src', nodes: [{ title: 'parser.ts', url: 'src/parser.ts', nodes: [] }] },
        { title: 'README.md', url: 'README.md', nodes: [] },
      ],
    };
    await sql`insert into minimaps (warehouse_id, value) values (${done}, ${JSON.stringify(map)}::jsonb)`;

    const [all, failedOnly, badStatus, page, pageJson, noPage, tree, noMap] = await Promise.all([
      runCli(['--json', 'warehouse', 'list'], env),
      runCli(['warehouse', 'list', '--status', 'failed'], env),
      runCli(['warehouse', 'list', '--status', 'done'], env),
      runCli(['warehouse', 'page', done, 'modules/parser'], env),
      runCli(['--json', 'warehouse', 'page', done, '/modules/parser/'], env),
      runCli(['warehouse', 'page', done, 'nope'], env),
      runCli(['warehouse', 'map', done], env),
      runCli(['warehouse', 'map', failed], env),
    ]);
    expect(all.code, all.stderr).toBe(EXIT.ok);
    expect(json<{ id: string }[]>(all).map((w) => w.id)).toEqual([done, failed, pending]);
    expect(failedOnly.stdout).toContain(failed);
    expect(failedOnly.stdout).toContain('clone failed: 404');
    expect(failedOnly.stdout).not.toContain(done);
    expect(badStatus.code).toBe(EXIT.usage);
    expect(page.code, page.stderr).toBe(EXIT.ok);
    expect(page.stdout).toBe(markdown);
    expect(json(pageJson)).toMatchObject({
      warehouseId: done,
      url: 'modules/parser',
      title: 'The parser',
      content: markdown,
    });
    expect(noPage.code).toBe(EXIT.notFound);
    expect(noPage.stderr).toMatch(/has no page "nope"/);
    expect(tree.stdout).toBe(
      [
        'acme/wiki',
        '  - src  (src)',
        '    - parser.ts  (src/parser.ts)',
        '  - README.md  (README.md)',
        '',
      ].join('\n'),
    );
    expect(noMap.code).toBe(EXIT.notFound);

    const [reprocess, missing] = await Promise.all([
      runCli(['--json', 'warehouse', 'reprocess', failed, '--user', 'ops'], env),
      runCli(['warehouse', 'reprocess', randomUUID()], env),
    ]);
    expect(reprocess.code, reprocess.stderr).toBe(EXIT.ok);
    const { taskId } = json<{ taskId: string }>(reprocess);
    const [task] = await sql<{ name: string; payload: unknown; userId: string }[]>`
      select name, payload, user_id as "userId" from task_runs where id = ${taskId}`;
    expect(task).toEqual({ name: 'tasks.warehouse.reset', payload: { warehouseId: failed }, userId: 'ops' });
    expect(missing.code).toBe(EXIT.notFound);
  }, 120_000);
});
