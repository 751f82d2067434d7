import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchedule } from './load-schedule.js';

const byName = (entries: ReturnType<typeof loadSchedule>) => new Map(entries.map((e) => [e.name, e]));

describe('loadSchedule', () => {
  it('has the schedule of SPEC §4 by default, in UTC, catching up missed slots', () => {
    const s = byName(loadSchedule());
    expect([...s.keys()].sort()).toEqual([
      'cleanup-failed-warehouses',
      'cleanup-old-access-records',
      'generate-daily-statistics',
      'generate-minimaps',
      'process-pending-warehouses',
      'process-warehouse-updates',
    ]);
    expect(s.get('process-pending-warehouses')).toMatchObject({
      subject: 'tasks.warehouse.schedule-processing',
      everySeconds: 300,
    });
    expect(s.get('generate-daily-statistics')).toMatchObject({
      subject: 'tasks.statistics.daily',
      cron: '0 1 * * *',
    });
    expect(s.get('cleanup-old-access-records')).toMatchObject({
      cron: '0 2 * * *',
      payload: { daysToKeep: 90 },
    });
    expect(s.get('generate-minimaps')).toMatchObject({
      subject: 'tasks.minimap.generate',
      everySeconds: 600,
    });
    for (const e of s.values()) expect(e).toMatchObject({ timezone: 'UTC', missed: 'catch-up' });
  });

  it('overrides, disables and adds entries from a file, then from env JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-'));
    const file = join(dir, 'schedule.json');
    writeFileSync(
      file,
      JSON.stringify({
        entries: {
          'generate-minimaps': { everySeconds: 900 },
          'cleanup-failed-warehouses': { enabled: false },
          'statistics-snapshot': {
            task: 'statistics.system',
            cron: '30 6 * * 1-5',
            timezone: 'Europe/Berlin',
            missed: 'skip',
          },
        },
      }),
    );
    const s = byName(
      loadSchedule({
        file,
        json: JSON.stringify({ entries: { 'generate-daily-statistics': { cron: '15 3 * * *' } } }),
      }),
    );
    expect(s.get('generate-minimaps')).toMatchObject({
      everySeconds: 900,
      subject: 'tasks.minimap.generate',
    });
    expect(s.has('cleanup-failed-warehouses')).toBe(false);
    expect(s.get('statistics-snapshot')).toMatchObject({
      subject: 'tasks.statistics.system',
      cron: '30 6 * * 1-5',
      timezone: 'Europe/Berlin',
      missed: 'skip',
      payload: {},
    });
    // A cron override replaces the trigger, it does not sit beside an interval.
    const daily = s.get('generate-daily-statistics');
    expect(daily?.cron).toBe('15 3 * * *');
    expect(daily?.everySeconds).toBeUndefined();
  });

  it('can start from an empty schedule', () => {
    const s = loadSchedule({
      json: JSON.stringify({
        includeDefaults: false,
        entries: { tick: { task: 'tasks.minimap.generate', everySeconds: 1 } },
      }),
    });
    expect(s.map((e) => e.name)).toEqual(['tick']);
  });

  it.each([
    [{ entries: { x: { task: 'no-such-task', everySeconds: 5 } } }, /unknown task "no-such-task"/],
    [{ entries: { x: { task: 'statistics.system', cron: 'every day' } } }, /cron expression/],
    [
      { entries: { x: { task: 'statistics.system', everySeconds: 5, timezone: 'Mars/Olympus' } } },
      /IANA time zone/,
    ],
    [{ entries: { x: { task: 'statistics.system' } } }, /set "everySeconds" or "cron"/],
    [{ entries: { y: { everySeconds: 5 } } }, /"task" is required/],
    [
      { entries: { x: { task: 'statistics.warehouse', everySeconds: 5 } } },
      /payload does not match tasks.statistics.warehouse/,
    ],
    [{ entries: { 'generate-minimaps': { everySeconds: 5, cron: '* * * * *' } } }, /not both/],
    [{ entries: { x: { task: 'statistics.system', everySeconds: 5, missed: 'later' } } }, /missed/],
  ])('rejects %j with a message naming the problem', (config, message) => {
    expect(() => loadSchedule({ json: JSON.stringify(config) })).toThrow(message);
  });

  it('rejects JSON that does not parse, naming the source', () => {
    expect(() => loadSchedule({ json: '{nope' })).toThrow(/SCHEDULE_JSON: not valid JSON/);
  });
});
