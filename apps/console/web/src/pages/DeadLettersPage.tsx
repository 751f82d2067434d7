import {
  DeadLetterSchema,
  type DeadLetterView,
  PurgeResultSchema,
  QUEUES,
  ReplayResultSchema,
} from '@repowiki/contracts';
import { useState } from 'react';
import { z } from 'zod';
import { get, post } from '../api.js';
import { ErrorText } from '../components/StateBadge.js';
import { asText, time } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';

const ListSchema = z.array(DeadLetterSchema);

/** The DLQ by task and reason; replay one or the selected ones; purge (as `tasks dlq`). */
export function DeadLettersPage({ canAct }: { canAct: boolean }) {
  const url = useLocation();
  const params = new URLSearchParams(url.search);
  const list = useApi(() => get(`/api/dead-letters?${params}`, ListSchema), url.search);
  useLive((e) => e.kind === 'task' && e.outcome === 'failed' && list.reload());
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const letters = list.data ?? [];
  const tasks = [...new Set(letters.map((d) => d.task))].sort();
  const codes = [...new Set(letters.map((d) => d.code ?? ''))].filter(Boolean).sort();
  const reasonText = params.get('reason')?.toLowerCase() ?? '';
  const shown = reasonText ? letters.filter((d) => d.reason.toLowerCase().includes(reasonText)) : letters;

  const act = async (run: () => Promise<string>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await run());
      setSelected(new Set());
      list.reload();
    } catch (e: unknown) {
      setError(String((e as Error).message));
    }
  };
  const replay = (seqs: number[]) =>
    act(async () => {
      const r = await post('/api/dead-letters/replay', { seqs }, ReplayResultSchema);
      return `replayed ${r.replayed.length}${r.failed.length ? `, ${r.failed.length} failed: ${r.failed.map((f) => `${f.seq}: ${f.error}`).join('; ')}` : ''}`;
    });
  const purge = () => {
    const queue = params.get('queue') ?? undefined;
    if (!confirm(`Delete every dead letter${queue ? ` of ${queue}` : ''}? This cannot be undone.`)) return;
    void act(
      async () => `purged ${(await post('/api/dead-letters/purge', { queue }, PurgeResultSchema)).purged}`,
    );
  };
  const filter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/dead-letters?${next}`);
  };
  return (
    <section>
      <h1>Dead letters</h1>
      <div className="filters">
        <label>
          queue
          <select value={params.get('queue') ?? ''} onChange={(e) => filter('queue', e.target.value)}>
            <option value="">any</option>
            {QUEUES.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <label>
          task
          <select value={params.get('task') ?? ''} onChange={(e) => filter('task', e.target.value)}>
            <option value="">any</option>
            {tasks.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          reason
          <select value={params.get('code') ?? ''} onChange={(e) => filter('code', e.target.value)}>
            <option value="">any code</option>
            {codes.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          reason contains
          <input
            defaultValue={params.get('reason') ?? ''}
            onChange={(e) => filter('reason', e.target.value)}
          />
        </label>
        {canAct && (
          <>
            <button type="button" disabled={selected.size === 0} onClick={() => replay([...selected])}>
              Replay selected ({selected.size})
            </button>
            <button type="button" className="danger" disabled={letters.length === 0} onClick={purge}>
              Purge{params.get('queue') ? ` ${params.get('queue')}` : ' all'}
            </button>
          </>
        )}
      </div>
      <ErrorText error={list.error ?? error} />
      {message && <p className="notice">{message}</p>}
      <table className="data" data-testid="dead-letters">
        <thead>
          <tr>
            <th />
            <th>seq</th>
            <th>task</th>
            <th>task id</th>
            <th>code</th>
            <th>reason</th>
            <th>dead since (UTC)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((d: DeadLetterView) => (
            <tr key={d.seq} data-row={d.taskId ?? String(d.seq)}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`select ${d.seq}`}
                  checked={selected.has(d.seq)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(d.seq);
                    else next.delete(d.seq);
                    setSelected(next);
                  }}
                />
              </td>
              <td>
                <Link to={`/dead-letters/${d.seq}`}>{d.seq}</Link>
              </td>
              <td>{d.task}</td>
              <td>{d.taskId && <Link to={`/tasks/${encodeURIComponent(d.taskId)}`}>{d.taskId}</Link>}</td>
              <td>{d.code}</td>
              <td className="clip">{d.reason}</td>
              <td>{time(d.deadAt)}</td>
              <td>
                {canAct && (
                  <button type="button" onClick={() => replay([d.seq])}>
                    Replay
                  </button>
                )}
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                no dead letters
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** One dead letter: reason, every header, the original bytes as text. */
export function DeadLetterDetailPage({ seq, canAct }: { seq: string; canAct: boolean }) {
  const d = useApi(() => get(`/api/dead-letters/${encodeURIComponent(seq)}`, DeadLetterSchema), seq);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const replay = async () => {
    try {
      const r = await post('/api/dead-letters/replay', { seqs: [Number(seq)] }, ReplayResultSchema);
      setMessage(r.replayed[0] ? `replayed as ${r.replayed[0].taskId}` : (r.failed[0]?.error ?? ''));
    } catch (e: unknown) {
      setError(String((e as Error).message));
    }
  };
  const l = d.data;
  return (
    <section>
      <h1>Dead letter {seq}</h1>
      <ErrorText error={d.error ?? error} />
      {message && <p className="notice">{message}</p>}
      {l && (
        <>
          <dl className="fields">
            <dt>task</dt>
            <dd>{l.task}</dd>
            <dt>task id</dt>
            <dd>{l.taskId}</dd>
            <dt>code</dt>
            <dd>{l.code}</dd>
            <dt>reason</dt>
            <dd data-testid="dlq-reason">{l.reason}</dd>
            <dt>attempts</dt>
            <dd>{l.attempts}</dd>
            <dt>subject</dt>
            <dd>{l.subject}</dd>
            <dt>size</dt>
            <dd>{l.bytes} bytes</dd>
            <dt>dead since</dt>
            <dd>{time(l.deadAt)}</dd>
          </dl>
          {canAct && (
            <button type="button" onClick={replay}>
              Replay
            </button>
          )}
          <h2>Headers</h2>
          <pre>
            {Object.entries(l.headers)
              .map(([k, v]) => `${k}: ${v.join(', ')}`)
              .join('\n')}
          </pre>
          <h2>Payload</h2>
          <pre data-testid="dlq-payload">{asText(l.data)}</pre>
        </>
      )}
    </section>
  );
}
