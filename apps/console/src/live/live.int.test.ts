/**
 * `/api/live` as a browser's EventSource sees it, against a real console process and a real
 * EVENTS stream: events arrive with their stream sequence as id; a reconnect with
 * `Last-Event-ID` gets exactly what it missed; one from before what the console kept gets `reset`.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { freePort } from '@repowiki/db';
import { runService, waitForHttp } from '@repowiki/devstack';
import { ensureStreams, Topology } from '@repowiki/runtime/client';
import { test, uniqueName } from '@repowiki/testkit';
import { describe, expect, onTestFinished } from 'vitest';

interface SseEvent {
  id: string | undefined;
  data: { kind: string; taskId?: string; outcome?: string };
}

/** Reads server-sent events from `url` until `until` says enough (or `timeoutMs` passes). */
async function readEvents(
  url: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<SseEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const res = await fetch(url, { headers, signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data) events.push({ id, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    }
    return events;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

describe('console live feed', () => {
  test('events carry their EVENTS sequence; Last-Event-ID replays what was missed, or says reset', async ({
    nc,
    jsm,
    natsUrl,
    databaseUrl,
  }) => {
    const namespace = uniqueName('live');
    const topology = new Topology(namespace);
    await ensureStreams(jsm, topology);
    onTestFinished(async () => {
      for (const s of topology.streams()) await jsm.streams.delete(s.name).catch(() => {});
    });
    const js = jetstream(nc);
    const publish = (taskId: string) =>
      js.publish(
        topology.eventSubject('minimap', 'validate', 'succeeded'),
        JSON.stringify({ taskId, task: 'tasks.minimap.validate', queue: 'minimap', attempts: 1 }),
      );
    // Published before the console follows EVENTS: it never holds these two, so a browser that
    // saw only the first has missed one the console cannot give it.
    const early = await publish(randomUUID());
    await publish(randomUUID());

    const token = 'live-test-token-0123456789abcdef';
    const port = await freePort();
    const svc = runService('console', {
      env: {
        NATS_URL: natsUrl,
        DATABASE_URL: databaseUrl,
        NATS_NAMESPACE: namespace,
        HTTP_PORT: String(port),
        CONSOLE_TOKEN: token,
        LOG_LEVEL: 'warn',
      },
    });
    onTestFinished(async () => {
      await svc.stop('SIGKILL');
    });
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 60_000 });
    const url = `http://127.0.0.1:${port}/api/live`;
    const auth = { authorization: `Bearer ${token}` };

    // The console's consumer starts after boot: publish until one arrives.
    const probe = randomUUID();
    const keepPublishing = setInterval(() => void publish(probe), 200);
    let first: SseEvent[];
    try {
      first = await readEvents(url, auth, (es) => es.some((e) => e.data.taskId === probe));
    } finally {
      clearInterval(keepPublishing);
    }
    const seen = first.find((e) => e.data.taskId === probe)!;
    expect(seen.data).toMatchObject({ kind: 'task', outcome: 'succeeded', taskId: probe });
    const since = Number(seen.id);
    expect(since).toBeGreaterThan(early.seq);

    // Missed while away: two more events, then a reconnect from `since`.
    const later: string[] = [randomUUID(), randomUUID()];
    const acks = [await publish(later[0]!), await publish(later[1]!)];
    const replayed = await readEvents(url, { ...auth, 'last-event-id': String(since) }, (es) =>
      es.some((e) => e.data.taskId === later[1]),
    );
    const missed = replayed.filter((e) => later.includes(e.data.taskId ?? ''));
    expect(missed.map((e) => e.data.taskId)).toEqual(later);
    expect(missed.map((e) => Number(e.id))).toEqual(acks.map((a) => a.seq));
    // Nothing from before `since` comes back.
    expect(replayed.every((e) => e.data.kind !== 'task' || Number(e.id) > since)).toBe(true);

    // A browser that was away longer than the console remembers is told to reload.
    const tooOld = await readEvents(url, { ...auth, 'last-event-id': String(early.seq) }, (es) =>
      es.some((e) => e.data.kind === 'reset'),
    );
    expect(tooOld[0]?.data).toEqual({ kind: 'reset' });

    // Without a token, no stream.
    expect((await fetch(url)).status).toBe(401);
  }, 120_000);
});
