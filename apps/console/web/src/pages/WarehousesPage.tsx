import { SubmittedSchema, type WarehouseRow, WarehouseRowSchema } from '@repowiki/contracts';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { get, post } from '../api.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { time } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';

const ListSchema = z.array(WarehouseRowSchema);
const STATUSES = ['pending', 'processing', 'completed', 'failed'];

export function Progress({ w }: { w: Pick<WarehouseRow, 'status' | 'progress' | 'taskState'> }) {
  if (w.status !== 'processing' && w.status !== 'pending') return null;
  const p = w.progress;
  return (
    <span className="progress">
      <progress max={100} value={p?.percent ?? 0} /> {p?.percent ?? 0}% {p?.step ?? ''}
    </span>
  );
}

/** Repositories by status, with live progress; add one (as `tasks warehouse add`). */
export function WarehousesPage({ canAct }: { canAct: boolean }) {
  const url = useLocation();
  const status = new URLSearchParams(url.search).get('status') ?? '';
  const list = useApi(() => get(`/api/warehouses${status ? `?status=${status}` : ''}`, ListSchema), status);
  const [progress, setProgress] = useState<Record<string, { percent?: number; step?: string }>>({});
  const [error, setError] = useState<string>();
  useLive((e) => {
    if (e.kind !== 'task' || !e.task.startsWith('tasks.warehouse.')) return;
    if (e.outcome === 'progress' && e.progress) setProgress((p) => ({ ...p, [e.taskId]: e.progress! }));
    else list.reload();
  });
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(undefined);
    try {
      await post(
        '/api/warehouses',
        { address: String(form.get('address') ?? ''), branch: String(form.get('branch') ?? '') },
        SubmittedSchema,
      );
      (e.target as HTMLFormElement).reset();
      list.reload();
    } catch (err: unknown) {
      setError(String((err as Error).message));
    }
  };
  return (
    <section>
      <h1>Warehouses</h1>
      <div className="filters">
        {['', ...STATUSES].map((s) => (
          <button
            type="button"
            key={s}
            className={s === status ? 'active' : ''}
            onClick={() => navigate(`/warehouses${s ? `?status=${s}` : ''}`)}
          >
            {s || 'all'}
          </button>
        ))}
      </div>
      {canAct && (
        <form className="filters" onSubmit={add}>
          <label>
            repository{' '}
            <input name="address" placeholder="https://github.com/org/repo.git" required size={50} />
          </label>
          <label>
            branch <input name="branch" placeholder="(default)" />
          </label>
          <button type="submit">Add repository</button>
        </form>
      )}
      <ErrorText error={list.error ?? error} />
      <table className="data" data-testid="warehouses">
        <thead>
          <tr>
            <th>name</th>
            <th>address</th>
            <th>status</th>
            <th>progress</th>
            <th>error</th>
            <th>updated (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((w) => {
            const live = w.taskId ? progress[w.taskId] : undefined;
            return (
              <tr key={w.id} data-row={w.id}>
                <td>
                  <Link to={`/warehouses/${w.id}`}>
                    {w.organizationName}/{w.name}
                  </Link>
                </td>
                <td className="clip">{w.address}</td>
                <td data-testid="warehouse-status">
                  <StateBadge state={w.status} />
                </td>
                <td>
                  <Progress w={{ ...w, progress: live ?? w.progress }} />
                </td>
                <td className="clip">{w.error}</td>
                <td>{time(w.updatedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
