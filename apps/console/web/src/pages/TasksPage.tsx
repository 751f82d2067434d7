import {
  QUEUES,
  RetryManyResultSchema,
  TASK_STATES,
  TaskPageSchema,
  type TaskRow,
} from '@repowiki/contracts';
import { createColumnHelper } from '@tanstack/react-table';
import { type FormEvent, useEffect, useState } from 'react';
import { get, post } from '../api.js';
import { DataTable, type features } from '../components/DataTable.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { time } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';

const helper = createColumnHelper<typeof features, TaskRow>();
const columns = [
  helper.accessor('id', {
    header: 'id',
    cell: (c) => <Link to={`/tasks/${encodeURIComponent(c.getValue())}`}>{c.getValue()}</Link>,
  }),
  helper.accessor('task', { header: 'task' }),
  helper.accessor('state', { header: 'state', cell: (c) => <StateBadge state={c.getValue()} /> }),
  helper.accessor('attempts', { header: 'attempts' }),
  helper.accessor('userId', { header: 'user' }),
  helper.accessor('submittedAt', { header: 'submitted (UTC)', cell: (c) => time(c.getValue()) }),
  helper.accessor('finishedAt', { header: 'finished (UTC)', cell: (c) => time(c.getValue()) }),
  helper.accessor((r) => r.error?.message ?? '', {
    id: 'error',
    header: 'error',
    cell: (c) => <span className="clip">{c.getValue()}</span>,
  }),
];

const FIELDS = ['state', 'task', 'queue', 'user', 'from', 'to', 'q'] as const;

/** Runs a bulk retry acts on at most, per click (newest first). */
const RETRY_LIMIT = 100;

/** The ledger, filtered; the filters live in the URL, so a filtered list can be linked to. */
export function TasksPage() {
  const url = useLocation();
  const params = new URLSearchParams(url.search);
  const [pages, setPages] = useState<string[]>([]);
  const before = pages.at(-1);
  const query = new URLSearchParams(params);
  if (before) query.set('before', before);
  const list = useApi(() => get(`/api/tasks?${query}`, TaskPageSchema), query.toString(), 1_000);
  useLive((e) => e.kind === 'task' && e.outcome !== 'progress' && !before && list.reload());
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // A result belongs to the list it was asked on: gone when the filters change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new query string only
  useEffect(() => {
    setNotice(null);
    setActionError(null);
  }, [url.search]);
  const state = params.get('state');
  // Only final failures can be retried: offered when the list shows FAILURE or REVOKED runs.
  const retryable = state === 'FAILURE' || state === 'REVOKED';
  const retryAll = async () => {
    if (!confirm(`Retry every ${state} run these filters match, not retried yet (at most ${RETRY_LIMIT})?`))
      return;
    setNotice(null);
    setActionError(null);
    try {
      const filters = new URLSearchParams();
      for (const f of FIELDS) {
        const v = params.get(f);
        if (v) filters.set(f, v);
      }
      filters.set('limit', String(RETRY_LIMIT));
      const r = await post(`/api/tasks/retry?${filters}`, {}, RetryManyResultSchema);
      const already = r.matched - r.created - r.failed;
      setNotice(
        `retried ${r.created} of ${r.matched}${already ? `, ${already} retried already` : ''}${r.failed ? `, ${r.failed} refused: ${r.results.flatMap((x) => ('error' in x ? [`${x.retried}: ${x.error}`] : [])).join('; ')}` : ''}`,
      );
      list.reload();
    } catch (e: unknown) {
      setActionError(String((e as Error).message));
    }
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FIELDS) {
      let v = String(form.get(f) ?? '').trim();
      if (v && (f === 'from' || f === 'to')) v = new Date(v).toISOString();
      if (v) next.set(f, v);
    }
    setPages([]);
    navigate(`/tasks?${next}`);
  };
  const local = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
  return (
    <section>
      <h1>Tasks</h1>
      <form className="filters" onSubmit={submit} key={url.search}>
        <label>
          state
          <select name="state" defaultValue={params.get('state') ?? ''}>
            <option value="">any</option>
            {TASK_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          queue
          <select name="queue" defaultValue={params.get('queue') ?? ''}>
            <option value="">any</option>
            {QUEUES.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <label>
          task{' '}
          <input name="task" placeholder="tasks.minimap.validate" defaultValue={params.get('task') ?? ''} />
        </label>
        <label>
          user <input name="user" defaultValue={params.get('user') ?? ''} />
        </label>
        <label>
          from (UTC) <input name="from" type="datetime-local" defaultValue={local(params.get('from'))} />
        </label>
        <label>
          to (UTC) <input name="to" type="datetime-local" defaultValue={local(params.get('to'))} />
        </label>
        <label>
          id or error text <input name="q" defaultValue={params.get('q') ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {retryable && (
        <div className="actions">
          <button type="button" onClick={retryAll} data-testid="retry-all">
            Retry all {state} runs matching (up to {RETRY_LIMIT})
          </button>
        </div>
      )}
      {notice && <p className="notice">{notice}</p>}
      <ErrorText error={actionError ?? undefined} />
      <ErrorText error={list.error} />
      <DataTable rows={list.data?.rows ?? []} columns={columns} rowKey={(r) => r.id} testId="tasks" />
      <div className="pager">
        <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!list.data?.next}
          onClick={() => list.data?.next && setPages([...pages, list.data.next])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
