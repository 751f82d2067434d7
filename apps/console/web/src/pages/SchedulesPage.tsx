import { SchedulePauseResultSchema, SchedulesSchema, ScheduleTriggerResultSchema } from '@repowiki/contracts';
import { useState } from 'react';
import { get, post } from '../api.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { time } from '../format.js';
import { useLive } from '../live.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';

/** The beat's entries (last and next fire, paused) and the fire history; trigger and pause. */
export function SchedulesPage({ canAct }: { canAct: boolean }) {
  const s = useApi(() => get('/api/schedules', SchedulesSchema), 'schedules');
  useLive((e) => e.kind === 'task' && e.outcome !== 'progress' && s.reload());
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const act = async (run: () => Promise<string>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await run());
      s.reload();
    } catch (e: unknown) {
      setError(String((e as Error).message));
    }
  };
  const trigger = (entry: string) =>
    act(async () => {
      const r = await post(
        `/api/schedules/${encodeURIComponent(entry)}/trigger`,
        {},
        ScheduleTriggerResultSchema,
      );
      return `${entry} fired: task ${r.taskId}`;
    });
  const setPaused = (entry: string, paused: boolean) =>
    act(async () => {
      const r = await post(
        `/api/schedules/${encodeURIComponent(entry)}/${paused ? 'pause' : 'resume'}`,
        {},
        SchedulePauseResultSchema,
      );
      return `${entry} ${r.paused ? 'paused' : 'resumed'}`;
    });
  const d = s.data;
  return (
    <section>
      <h1>Schedules</h1>
      <ErrorText error={s.error ?? error} />
      {message && <p className="notice">{message}</p>}
      {d && !d.entries && <p className="warning">No scheduler-svc replica answered: entries unknown.</p>}
      {d?.entries && (
        <table className="data" data-testid="schedule-entries">
          <thead>
            <tr>
              <th>entry</th>
              <th>task</th>
              <th>trigger</th>
              <th>last slot (UTC)</th>
              <th>next fire (UTC)</th>
              <th>state</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.entries.entries.map((e) => (
              <tr key={e.name} data-row={e.name}>
                <td>{e.name}</td>
                <td>{e.task}</td>
                <td>
                  {e.everySeconds !== undefined
                    ? `every ${e.everySeconds}s`
                    : `cron ${e.cron} (${e.timezone})`}
                </td>
                <td>{time(e.lastSlot)}</td>
                <td>{e.paused ? '—' : time(e.nextFireAt)}</td>
                <td>{e.paused && <span className="state state-paused">PAUSED</span>}</td>
                <td>
                  {canAct && (
                    <span className="actions">
                      <button type="button" onClick={() => trigger(e.name)}>
                        Trigger now
                      </button>
                      <button type="button" onClick={() => setPaused(e.name, !e.paused)}>
                        {e.paused ? 'Resume' : 'Pause'}
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Fire history</h2>
      <table className="data" data-testid="schedule-fires">
        <thead>
          <tr>
            <th>entry</th>
            <th>slot (UTC)</th>
            <th>kind</th>
            <th>task id</th>
            <th>state</th>
            <th>fired by</th>
          </tr>
        </thead>
        <tbody>
          {d?.fires.map((f) => (
            <tr key={`${f.entry}-${f.slot}`} data-row={f.taskId}>
              <td>{f.entry}</td>
              <td>{time(f.slot)}</td>
              <td>{f.kind}</td>
              <td>
                <Link to={`/tasks/${encodeURIComponent(f.taskId)}`}>{f.taskId}</Link>
              </td>
              <td>
                <StateBadge state={f.state} />
              </td>
              <td>{f.firedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
