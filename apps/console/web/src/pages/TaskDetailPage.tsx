import { RetryResultSchema, RevokeResultSchema, TaskDetailSchema } from '@repowiki/contracts';
import { useState } from 'react';
import { get, post } from '../api.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { asText, time } from '../format.js';
import { useLive } from '../live.js';
import { Link, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const RUNNING = new Set(['PENDING', 'STARTED', 'PROGRESS', 'RETRY']);

/** One run: payload, result or error, attempts, progress; updated live while it runs. */
export function TaskDetailPage({ id, canAct }: { id: string; canAct: boolean }) {
  const run = useApi(() => get(`/api/tasks/${encodeURIComponent(id)}`, TaskDetailSchema), id);
  const [actionError, setActionError] = useState<string>();
  useLive((e) => e.kind === 'task' && e.taskId === id && run.reload());
  const r = run.data;
  const revoke = async () => {
    setActionError(undefined);
    try {
      await post(`/api/tasks/${encodeURIComponent(id)}/revoke`, {}, RevokeResultSchema);
      run.reload();
    } catch (e: unknown) {
      setActionError(String((e as Error).message));
    }
  };
  const retry = async () => {
    setActionError(undefined);
    try {
      const r = await post(`/api/tasks/${encodeURIComponent(id)}/retry`, {}, RetryResultSchema);
      navigate(`/tasks/${encodeURIComponent(r.taskId)}`);
    } catch (e: unknown) {
      setActionError(String((e as Error).message));
    }
  };
  return (
    <section>
      <h1>
        Task <code>{id}</code>
      </h1>
      <ErrorText error={run.error ?? actionError} />
      {r && (
        <>
          <dl className="fields" data-testid="task-fields">
            <dt>task</dt>
            <dd>{r.task}</dd>
            <dt>state</dt>
            <dd data-testid="task-state">
              <StateBadge state={r.state} />
              {r.revokeRequestedAt && r.state !== 'REVOKED' ? ' (revoke requested)' : ''}
            </dd>
            <dt>attempts</dt>
            <dd>{r.attempts}</dd>
            <dt>user</dt>
            <dd>{r.userId}</dd>
            <dt>worker</dt>
            <dd>{r.workerId}</dd>
            <dt>submitted</dt>
            <dd>{time(r.submittedAt)}</dd>
            <dt>started</dt>
            <dd>{time(r.startedAt)}</dd>
            <dt>finished</dt>
            <dd>{time(r.finishedAt)}</dd>
            {r.retryOf && (
              <>
                <dt>retry of</dt>
                <dd>
                  <Link to={`/tasks/${encodeURIComponent(r.retryOf)}`}>{r.retryOf}</Link>
                </dd>
              </>
            )}
            {r.retriedAs && (
              <>
                <dt>retried as</dt>
                <dd data-testid="retried-as">
                  <Link to={`/tasks/${encodeURIComponent(r.retriedAs)}`}>{r.retriedAs}</Link>
                </dd>
              </>
            )}
            {r.parentId && (
              <>
                <dt>parent</dt>
                <dd>
                  <Link to={`/tasks/${encodeURIComponent(r.parentId)}`}>{r.parentId}</Link>
                </dd>
              </>
            )}
          </dl>
          {canAct && RUNNING.has(r.state) && (
            <button type="button" className="danger" onClick={revoke}>
              Revoke
            </button>
          )}
          {canAct && (r.state === 'FAILURE' || r.state === 'REVOKED') && !r.retriedAs && (
            <button type="button" onClick={retry}>
              Retry
            </button>
          )}
          {r.progress && (
            <div className="progress" data-testid="task-progress">
              <progress max={100} value={r.progress.percent ?? 0} /> {r.progress.percent ?? 0}%{' '}
              {r.progress.step ?? ''} {r.progress.message ?? ''}
            </div>
          )}
          <h2>Payload</h2>
          <pre data-testid="task-payload">{asText(r.payload)}</pre>
          {r.error && (
            <>
              <h2>Error</h2>
              <pre className="error" data-testid="task-error">
                {`${r.error.name}${r.error.code ? ` (${r.error.code})` : ''}: ${r.error.message}`}
              </pre>
            </>
          )}
          {r.result !== null && r.result !== undefined && (
            <>
              <h2>Result</h2>
              <pre data-testid="task-result">{asText(r.result)}</pre>
            </>
          )}
          <h2>Attempts</h2>
          <table className="data">
            <thead>
              <tr>
                <th>#</th>
                <th>state</th>
                <th>worker</th>
                <th>started</th>
                <th>finished</th>
                <th>error</th>
              </tr>
            </thead>
            <tbody>
              {r.attemptList.map((a) => (
                <tr key={a.attempt}>
                  <td>{a.attempt}</td>
                  <td>
                    <StateBadge state={a.state} />
                  </td>
                  <td>{a.workerId}</td>
                  <td>{time(a.startedAt)}</td>
                  <td>{time(a.finishedAt)}</td>
                  <td>{a.error?.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.children.length > 0 && (
            <>
              <h2>Runs started from this one</h2>
              <ul>
                {r.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/tasks/${encodeURIComponent(c.id)}`}>{c.id}</Link> {c.name}{' '}
                    <StateBadge state={c.state} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
