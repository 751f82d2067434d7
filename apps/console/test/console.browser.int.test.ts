/// <reference lib="dom" />
/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against the real
 * system: warehouse-svc, minimap-svc, scheduler-svc and the console run as processes on the
 * test's NATS and PostgreSQL. Each test is one thing an operator does; they share the stack and
 * run in order (the DLQ replay needs the failed task of the test before it). Screenshots of the
 * main screens go to a temporary folder, or to CONSOLE_SCREENSHOTS_DIR when set
 * (`CONSOLE_SCREENSHOTS_DIR=apps/console/docs` refreshes the README's images), so a test run
 * never rewrites tracked files.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { headers } from '@nats-io/nats-core';
import { CSRF_HEADER } from '@repowiki/contracts';
import { createDbClient, type DbClient } from '@repowiki/db';
import { TaskClient } from '@repowiki/runtime/client';
import { cloneTemplateDatabase, connectNats, uniqueName } from '@repowiki/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type ConsoleStack, startConsoleStack } from './console-stack.js';
import { startHangingGitServer } from './hanging-git-server.js';
import { makeRepository } from './make-repository.js';

const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS_DIR
  ? resolve(process.env.CONSOLE_SCREENSHOTS_DIR)
  : mkdtempSync(join(tmpdir(), 'console-screens-'));
/** How long one screen may take to show what it should (busy machine, live updates). */
const SHOW_MS = 60_000;

let stack: ConsoleStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let nc: NatsConnection;
let db: DbClient;
let client: TaskClient;
let hanging: Awaited<ReturnType<typeof startHangingGitServer>>;
const repo = makeRepository();
const namespace = uniqueName('console');

async function shot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Marks the document; `stillSameDocument()` is false after any reload or full navigation. */
async function markDocument(): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __consoleTest: number }).__consoleTest = 1;
  });
}
async function stillSameDocument(): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __consoleTest?: number }).__consoleTest === 1);
}

/** Client-side navigation (what a click on a console link does). */
async function go(path: string): Promise<void> {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

beforeAll(async () => {
  const databaseUrl = await cloneTemplateDatabase();
  hanging = await startHangingGitServer();
  [stack, browser] = await Promise.all([
    startConsoleStack({
      natsUrl: inject('natsUrl'),
      databaseUrl,
      namespace,
      localRoot: dirname(dirname(repo)),
    }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    }),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  page = await context.newPage();
  page.setDefaultTimeout(SHOW_MS);
  nc = await connectNats();
  db = createDbClient(databaseUrl, { max: 2 });
  client = new TaskClient({ nc, db, namespace });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await hanging?.stop();
  await nc?.close();
  await db?.close();
});

describe('console security', () => {
  test('a request without the token gets 401, pages and API alike; /healthz stays open', async () => {
    const api = await fetch(`${stack.consoleUrl}/api/overview`);
    expect(api.status).toBe(401);
    const screen = await fetch(`${stack.consoleUrl}/tasks`);
    expect(screen.status).toBe(401);
    expect(await screen.text()).toContain('Console token');
    const asset = await fetch(`${stack.consoleUrl}/index.html`);
    expect(asset.status).toBe(401);
    const wrong = await fetch(`${stack.consoleUrl}/api/overview`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${stack.consoleUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  test('signing in with the login URL; an action without the CSRF token is refused, with it accepted; a viewer may not act', async () => {
    await page.goto(`${stack.consoleUrl}/login#token=${stack.operatorToken}`);
    await expect.poll(() => page.textContent('[data-testid=role]'), { timeout: SHOW_MS }).toBe('operator');
    const purge = (withCsrf: boolean) =>
      page.evaluate(
        async ({ withCsrf, header }) => {
          const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const res = await fetch('/api/dead-letters/purge', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(withCsrf ? { [header]: csrfToken } : {}) },
            body: JSON.stringify({ queue: 'accesslog' }),
          });
          return { status: res.status, body: (await res.json()) as { error?: string } };
        },
        { withCsrf, header: CSRF_HEADER },
      );
    const refused = await purge(false);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('csrf');
    const accepted = await purge(true);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ purged: 0, filter: `${namespace}.dlq.accesslog.>` });

    const viewer = await fetch(`${stack.consoleUrl}/api/dead-letters/purge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.viewerToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viewer.status).toBe(403);
    // A cross-site request is refused whatever it carries.
    const crossSite = await fetch(`${stack.consoleUrl}/api/dead-letters/purge`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.operatorToken}`,
        origin: 'https://attacker.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const viewerRead = await fetch(`${stack.consoleUrl}/api/overview`, {
      headers: { authorization: `Bearer ${stack.viewerToken}` },
    });
    expect(viewerRead.status).toBe(200);
    // Every action is logged with who and what.
    await expect
      .poll(() => stack.output('console'), { timeout: 10_000 })
      .toMatch(/"action":"dlq.purge","actor":\{"role":"operator","session":"[\w-]+"/);
  }, 60_000);
});

describe('console screens', () => {
  let warehouseId: string;

  test('add a repository and watch it go to completed, live', async () => {
    await go('/warehouses');
    await page.fill('input[name=address]', repo);
    await markDocument();
    await page.click('text=Add repository');
    const row = page.locator('[data-testid=warehouses] tbody tr', { hasText: 'acme-wiki' });
    await row.waitFor();
    warehouseId = (await row.getAttribute('data-row'))!;
    await row
      .locator('[data-testid=warehouse-status]', { hasText: 'completed' })
      .waitFor({ timeout: 120_000 });
    expect(await stillSameDocument()).toBe(true);
    await shot('warehouses');
  }, 180_000);

  test('open a wiki page with a rendered Mermaid diagram, then the mind map', async () => {
    const detail = (await (
      await fetch(`${stack.consoleUrl}/api/warehouses/${warehouseId}`, {
        headers: { authorization: `Bearer ${stack.operatorToken}` },
      })
    ).json()) as { catalog: { url: string; pageTitle: string | null }[] };
    let diagramPage: string | undefined;
    for (const c of detail.catalog.filter((n) => n.pageTitle)) {
      const p = (await (
        await fetch(
          `${stack.consoleUrl}/api/warehouses/${warehouseId}/page?url=${encodeURIComponent(c.url)}`,
          {
            headers: { authorization: `Bearer ${stack.operatorToken}` },
          },
        )
      ).json()) as { content: string };
      if (p.content.includes('```mermaid')) {
        diagramPage = c.url;
        break;
      }
    }
    expect(diagramPage, 'a generated page with a Mermaid diagram').toBeDefined();
    await go(`/warehouses/${warehouseId}`);
    await page.locator(`[data-testid=catalog] a[href$="page=${encodeURIComponent(diagramPage!)}"]`).click();
    // Mermaid replaced the diagram's source with its drawing.
    await page.locator('[data-testid=wiki-page] pre.mermaid svg g.node').first().waitFor();
    expect(await page.locator('[data-testid=wiki-page] script').count()).toBe(0);
    await shot('wiki');

    // minimap-svc builds the map on events.warehouse.completed; the tab shows it drawn by markmap.
    await go(`/warehouses/${warehouseId}?view=mindmap`);
    await expect
      .poll(() => page.locator('svg.mindmap g.markmap-node').count(), { timeout: SHOW_MS })
      .toBeGreaterThan(2);
    await shot('mindmap');
  }, 120_000);

  test('a hostile wiki page and a hostile dead letter are shown as text: no script, handler or script link runs', async () => {
    // What a repository author could get into a page if the generator let it through.
    const hostile = [
      '# Hostile page',
      '',
      '<script>window.__pwned = 1</script>',
      '<img src="x" onerror="window.__pwned = 2">',
      '',
      '[script link](javascript:window.__pwned=3) and [a real one](https://example.com/docs)',
      '',
      '```mermaid',
      'graph LR',
      '  a["<img src=x onerror=window.__pwned=4>"] --> b',
      '  click a href "javascript:window.__pwned=5"',
      '```',
    ].join('\n');
    const [doc] = await db.sql<{ id: string }[]>`
      insert into documents (warehouse_id, git_path) values (${warehouseId}, '/nowhere') 
      on conflict (warehouse_id) do update set git_path = documents.git_path returning id`;
    const [catalog] = await db.sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, name, url, "order")
      values (${warehouseId}, ${doc!.id}, 'Hostile', 'hostile', 999) returning id`;
    await db.sql`
      insert into document_file_items (document_catalog_id, title, content)
      values (${catalog!.id}, 'Hostile', ${hostile})`;
    await go(`/warehouses/${warehouseId}?page=hostile`);
    const wiki = page.locator('[data-testid=wiki-page]');
    await wiki.locator('h1', { hasText: 'Hostile page' }).waitFor();
    // Mermaid has drawn the diagram (its label markup and click link went through its sanitiser).
    await wiki.locator('pre.mermaid svg').waitFor();
    expect(await wiki.locator('script, img, iframe, [onerror], a[href^="javascript"]').count()).toBe(0);
    expect(await wiki.textContent()).toContain('<script>window.__pwned = 1</script>');
    // markdown-it makes no link of a `javascript:` target: it stays text.
    expect(await wiki.textContent()).toContain('[script link](javascript:window.__pwned=3)');
    const real = wiki.locator('a', { hasText: 'a real one' });
    expect(await real.getAttribute('href')).toBe('https://example.com/docs');
    expect(await real.getAttribute('rel')).toContain('noopener');

    // A dead letter whose bytes are markup (not JSON, so dead-lettered at once).
    const h = headers();
    h.set('Task-Id', randomUUID());
    await jetstream(nc).publish(
      `${namespace}.tasks.minimap.generate`,
      '<img src=x onerror="window.__pwned = 6"><b>bold?</b>',
      { headers: h },
    );
    await go('/dead-letters');
    const letter = page.locator('[data-testid=dead-letters] tr', { hasText: 'invalid_json' });
    await letter.locator('a').first().click();
    await expect
      .poll(() => page.textContent('[data-testid=dlq-payload]'), { timeout: SHOW_MS })
      .toBe('<img src=x onerror="window.__pwned = 6"><b>bold?</b>');
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Leave the DLQ as the next tests expect it.
    const purged = await page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      return (
        await fetch(`/api/dead-letters/purge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({ queue: 'minimap', task: 'generate' }),
        })
      ).json();
    });
    expect(purged).toMatchObject({ purged: 1 });
  }, 120_000);

  let failedId: string;

  test('submit a failing task, find it by state filter, see its error', async () => {
    const missing = randomUUID();
    failedId = await client.submit('tasks.minimap.validate', { warehouseId: missing });
    await go('/tasks');
    await page.selectOption('select[name=state]', 'FAILURE');
    await page.click('text=Filter');
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('FAILURE');
    // The list updates on the task's `failed` event, without a reload.
    const row = page.locator(`[data-testid=tasks] tr[data-row="${failedId}"]`);
    await row.waitFor();
    expect(await page.locator('[data-testid=tasks] tbody tr').count()).toBeGreaterThan(0);
    for (const state of await page.locator('[data-testid=tasks] tbody .state').allTextContents())
      expect(state).toBe('FAILURE');
    await shot('tasks');
    await row.locator('a').first().click();
    await expect
      .poll(() => page.textContent('[data-testid=task-error]'), { timeout: SHOW_MS })
      .toContain(`warehouse ${missing} does not exist`);
    await shot('task-detail');
  }, 120_000);

  test('replay it from the DLQ: the replay runs (here it succeeds, the warehouse now exists)', async () => {
    const failed = await client.status(failedId);
    expect(failed.state).toBe('FAILURE');
    const payload = (
      await db.sql<{ payload: { warehouseId: string } }[]>`
      select payload from task_runs where id = ${failedId}`
    )[0]!.payload;
    await db.sql`insert into warehouses (id, name, address, type) values (${payload.warehouseId}, 'fixed', ${repo}, 'file')`;

    await go('/dead-letters');
    const row = page.locator(`[data-testid=dead-letters] tr[data-row="${failedId}"]`);
    await row.waitFor();
    await shot('dead-letters');
    await row.locator('button', { hasText: 'Replay' }).click();
    await page.locator('p.notice', { hasText: 'replayed 1' }).waitFor();
    await row.waitFor({ state: 'detached' });
    // The replay is a new run whose parent is the dead one.
    await go(`/tasks/${failedId}`);
    await page
      .locator('li', { hasText: 'tasks.minimap.validate' })
      .locator('.state', { hasText: 'SUCCESS' })
      .waitFor();
  }, 120_000);

  test('retry the failed run: a new run linked to it, which succeeds now', async () => {
    await go(`/tasks/${failedId}`);
    await page.click('button:has-text("Retry")');
    // The console shows the new run, linked back to the failed one.
    await expect.poll(() => page.url(), { timeout: SHOW_MS }).not.toContain(failedId);
    const retryId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.locator('dd', { hasText: failedId }).waitFor();
    await page.locator('[data-testid=task-state] .state', { hasText: 'SUCCESS' }).waitFor();
    expect((await client.status(retryId)).state).toBe('SUCCESS');
    await go(`/tasks/${failedId}`);
    await page.locator('[data-testid=retried-as]', { hasText: retryId }).waitFor();
    expect(await page.locator('button:has-text("Retry")').count()).toBe(0);
  }, 120_000);

  test('retry every failed run a filter matches, once: asked again, nothing is retried twice', async () => {
    // Two runs of one user fail (their warehouses do not exist); a third user's failure is
    // outside the filter and must stay untouched.
    const user = `bulk-${randomUUID().slice(0, 8)}`;
    const mine = [
      await client.submit('tasks.minimap.validate', { warehouseId: randomUUID() }, { userId: user }),
      await client.submit('tasks.minimap.validate', { warehouseId: randomUUID() }, { userId: user }),
    ];
    const other = await client.submit(
      'tasks.minimap.validate',
      { warehouseId: randomUUID() },
      { userId: `${user}-other` },
    );
    for (const id of [...mine, other])
      await expect.poll(async () => (await client.status(id)).state, { timeout: SHOW_MS }).toBe('FAILURE');
    await go(`/tasks?state=FAILURE&user=${user}`);
    for (const id of mine) await page.locator(`[data-testid=tasks] tr[data-row="${id}"]`).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=retry-all]');
    await page.locator('p.notice', { hasText: 'retried 2 of 2' }).waitFor();
    const retries = async (ids: string[]) =>
      (
        await db.sql<{ retry_of: string }[]>`
          select retry_of from task_runs where retry_of in ${db.sql(ids)} order by retry_of`
      ).map((r) => r.retry_of);
    expect(await retries(mine)).toEqual([...mine].sort());
    expect(await retries([other])).toEqual([]);
    // The retries fail too (same payload): the filter now matches them, and only them.
    await expect
      .poll(
        async () =>
          (await db.sql`select 1 from task_runs where retry_of in ${db.sql(mine)} and state = 'FAILURE'`)
            .length,
        { timeout: SHOW_MS },
      )
      .toBe(2);
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=retry-all]');
    await page.locator('p.notice', { hasText: 'retried 2 of 2' }).waitFor();
    // Without any filter the API refuses: a bulk retry names what it retries.
    const unfiltered = await page.evaluate(async () => {
      const session = await (await fetch('/api/session')).json();
      const res = await fetch('/api/tasks/retry', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: '{}',
      });
      return res.status;
    });
    expect(unfiltered).toBe(400);
    // The first two were not retried a second time: each run has exactly one retry.
    const counts = await db.sql<{ retry_of: string; n: number }[]>`
      select retry_of, count(*)::int as n from task_runs where retry_of is not null
        and user_id = ${user} group by retry_of`;
    expect(counts).toHaveLength(4);
    for (const c of counts) expect(c.n).toBe(1);
  }, 120_000);

  test('pause a queue: its tasks wait until it is resumed', async () => {
    await go('/');
    const minimap = page.locator('[data-testid=queues] tr[data-row=minimap]');
    await minimap.locator('button', { hasText: 'Pause' }).click();
    await minimap.locator('.state', { hasText: 'PAUSED' }).waitFor();
    const [fixed] = await db.sql<{ id: string }[]>`select id from warehouses where name = 'fixed'`;
    const waiting = await client.submit('tasks.minimap.validate', { warehouseId: fixed!.id });
    // Workers re-read the pause on its notice and every 2 s: a task submitted after the click
    // stays PENDING for longer than that.
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await client.status(waiting)).state).toBe('PENDING');
    await minimap.locator('button', { hasText: 'Resume' }).click();
    await minimap.locator('button', { hasText: 'Pause' }).waitFor();
    await expect.poll(async () => (await client.status(waiting)).state, { timeout: SHOW_MS }).toBe('SUCCESS');
  }, 120_000);

  test('revoke a running task', async () => {
    const { taskId } = (await page.evaluate(async (address) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/warehouses', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ address }),
      });
      return res.json();
    }, `${hanging.url}/acme/never.git`)) as { taskId: string };
    await go(`/tasks/${taskId}`);
    // It runs: git is waiting for the server that never answers.
    await page.locator('[data-testid=task-state] .state', { hasText: /STARTED|PROGRESS/ }).waitFor();
    await expect.poll(() => hanging.requests(), { timeout: SHOW_MS }).toBeGreaterThan(0);
    await markDocument();
    await page.click('button:has-text("Revoke")');
    await page.locator('[data-testid=task-state] .state', { hasText: 'REVOKED' }).waitFor();
    expect(await stillSameDocument()).toBe(true);
  }, 120_000);

  test('overview shows queues, workers and the rate chart', async () => {
    await go('/');
    await page.locator('[data-testid=workers] td', { hasText: 'warehouse-svc' }).first().waitFor();
    await page.locator('[data-testid=rate-chart] canvas').waitFor();
    await shot('overview');
  }, 60_000);

  test('trigger a schedule entry now; pause and resume it', async () => {
    await go('/schedules');
    const entry = page.locator('[data-testid=schedule-entries] tr[data-row=generate-minimaps]');
    await entry.locator('button', { hasText: 'Trigger now' }).click();
    const fired = (await page.locator('p.notice', { hasText: 'generate-minimaps fired' }).textContent())!;
    const taskId = /task (\S+)/.exec(fired)![1]!;
    // The manual fire is in the history, and minimap-svc runs its task.
    const fire = page.locator(`[data-testid=schedule-fires] tr[data-row="${taskId}"]`);
    await fire.locator('td', { hasText: 'manual' }).waitFor();
    await fire.locator('.state', { hasText: 'SUCCESS' }).waitFor();
    await entry.locator('button', { hasText: 'Pause' }).click();
    await entry.locator('.state', { hasText: 'PAUSED' }).waitFor();
    await shot('schedules');
    await entry.locator('button', { hasText: 'Resume' }).click();
    await entry.locator('button', { hasText: 'Pause' }).waitFor();
    expect(await entry.locator('.state').count()).toBe(0);
  }, 60_000);
});
