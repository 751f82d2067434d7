import { OverviewSchema, PauseResultSchema } from '@repowiki/contracts';
import { useState } from 'react';
import { get, post } from '../api.js';
import { RateChart } from '../components/RateChart.js';
import { ErrorText } from '../components/StateBadge.js';
import { duration } from '../format.js';
import { useLive } from '../live.js';
import { useApi } from '../use-api.js';

export function OverviewPage({ canAct }: { canAct: boolean }) {
  // Gathering the workers' inspect replies takes a moment: at most one reload per 5 s.
  const o = useApi(() => get('/api/overview', OverviewSchema), 'overview', 5_000);
  const [actionError, setActionError] = useState<string>();
  const setPaused = async (queue: string, paused: boolean) => {
    setActionError(undefined);
    try {
      await post(`/api/queues/${queue}/${paused ? 'pause' : 'resume'}`, {}, PauseResultSchema);
      o.reload();
    } catch (e: unknown) {
      setActionError(String((e as Error).message));
    }
  };
  useLive((e) => (e.kind !== 'task' || e.outcome !== 'progress' ? o.reload() : undefined));
  const d = o.data;
  return (
    <section>
      <h1>Overview</h1>
      <ErrorText error={o.error ?? actionError} />
      {d?.problems.map((p) => (
        <p key={p} className="warning">
          {p}
        </p>
      ))}
      {d && (
        <>
          <div className="cards">
            <div className="card" data-testid="dlq-size">
              <span className="big">{d.deadLetters}</span> dead letters
            </div>
            <div className="card">
              <span className="big">{d.workers.filter((w) => w.workerId).length}</span> workers online
            </div>
            <div className="card">
              <span className="big">{d.queues.reduce((n, q) => n + q.messages, 0)}</span> queued
            </div>
          </div>
          <h2>Finished tasks, last hour</h2>
          <RateChart rates={d.rates} />
          <h2>Queues</h2>
          <table className="data" data-testid="queues">
            <thead>
              <tr>
                <th>queue</th>
                <th>stream</th>
                <th>depth</th>
                <th>ack pending</th>
                <th>consumers</th>
                <th>redelivered</th>
                <th>state</th>
              </tr>
            </thead>
            <tbody>
              {d.queues.map((q) => (
                <tr key={q.stream} data-row={q.queue}>
                  <td>{q.queue}</td>
                  <td>{q.stream}</td>
                  <td>{q.exists ? q.messages : '(not created)'}</td>
                  <td>{q.ackPending}</td>
                  <td>{q.consumers}</td>
                  <td>{q.redelivered}</td>
                  <td>
                    {q.paused && <span className="state state-paused">PAUSED</span>}{' '}
                    {canAct && q.paused !== null && (
                      <button type="button" onClick={() => setPaused(q.queue, !q.paused)}>
                        {q.paused ? 'Resume' : 'Pause'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Workers</h2>
          <table className="data" data-testid="workers">
            <thead>
              <tr>
                <th>service</th>
                <th>worker</th>
                <th>version</th>
                <th>up</th>
                <th>active</th>
                <th>succeeded</th>
                <th>failed</th>
                <th>retried</th>
                <th>dead-lettered</th>
              </tr>
            </thead>
            <tbody>
              {d.workers.map((w, i) => (
                <tr key={w.workerId ?? `${w.service}-${i}`}>
                  <td>{w.service}</td>
                  <td>{w.workerId}</td>
                  <td>{w.version}</td>
                  <td>{duration(w.uptimeMs)}</td>
                  <td>{w.active}</td>
                  <td>{w.succeeded}</td>
                  <td>{w.failed}</td>
                  <td>{w.retried}</td>
                  <td>{w.deadLettered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
