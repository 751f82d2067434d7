import { SchedulesSchema } from '@repowiki/contracts';
import { get } from '../api.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { time } from '../format.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';

/** The beat's entries (last and next fire) and the fire history. Trigger and pause: follow-ups. */
export function SchedulesPage() {
  const s = useApi(() => get('/api/schedules', SchedulesSchema), 'schedules');
  const d = s.data;
  return (
    <section>
      <h1>Schedules</h1>
      <ErrorText error={s.error} />
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
            </tr>
          </thead>
          <tbody>
            {d.entries.entries.map((e) => (
              <tr key={e.name}>
                <td>{e.name}</td>
                <td>{e.task}</td>
                <td>
                  {e.everySeconds !== undefined
                    ? `every ${e.everySeconds}s`
                    : `cron ${e.cron} (${e.timezone})`}
                </td>
                <td>{time(e.lastSlot)}</td>
                <td>{time(e.nextFireAt)}</td>
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
            <tr key={`${f.entry}-${f.slot}`}>
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
