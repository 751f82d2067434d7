import { describe, expect, it } from 'vitest';
import { resolveTaskSubject, TASKS, type TaskSubject } from './catalog.js';
import { formatValidationError } from './common.schema.js';
import { QUEUES } from './queues.js';
import { ALL_STREAMS } from './streams.js';

const WID = '3f0c1a52-8a8e-4c4f-9d37-0f6c6ad7e0a1';
const entry = {
  resourceType: 'repository',
  resourceId: 'acme/wiki',
  userId: null,
  ipAddress: '203.0.113.9',
  userAgent: 'curl/8',
  path: '/acme/wiki',
  method: 'GET',
  statusCode: 200,
  responseTime: 12.5,
  occurredAt: '2026-11-30T10:00:00.000Z',
};

/** One valid and one invalid sample per task: adding a task without samples fails here. */
const samples: Record<TaskSubject, { valid: unknown; invalid: unknown; error: RegExp }> = {
  'tasks.warehouse.process': {
    valid: { warehouseId: WID },
    invalid: { warehouseId: 'x' },
    error: /warehouseId.*UUID/s,
  },
  'tasks.warehouse.schedule-processing': {
    valid: {},
    invalid: { limit: 5 },
    error: /Unrecognized key.*limit/s,
  },
  'tasks.warehouse.schedule-updates': { valid: {}, invalid: [], error: /expected object/ },
  'tasks.warehouse.update': { valid: { warehouseId: WID }, invalid: {}, error: /warehouseId/ },
  'tasks.warehouse.cleanup-failed': { valid: {}, invalid: null, error: /expected object/ },
  'tasks.warehouse.reset': { valid: { warehouseId: WID }, invalid: { warehouseId: 7 }, error: /warehouseId/ },
  'tasks.statistics.daily': {
    valid: { date: '2026-11-29' },
    invalid: { date: '29/11/2026' },
    error: /date.*YYYY-MM-DD/s,
  },
  'tasks.statistics.cleanup-access-records': {
    valid: { daysToKeep: 90 },
    invalid: { daysToKeep: 0 },
    error: /daysToKeep/,
  },
  'tasks.statistics.system': { valid: {}, invalid: { x: 1 }, error: /Unrecognized key/ },
  'tasks.statistics.warehouse': { valid: { warehouseId: WID }, invalid: {}, error: /warehouseId/ },
  'tasks.accesslog.record': {
    valid: { entry },
    invalid: { entry: { ...entry, statusCode: 42 } },
    error: /statusCode/,
  },
  'tasks.accesslog.cleanup': { valid: {}, invalid: { daysToKeep: -1 }, error: /daysToKeep/ },
  'tasks.accesslog.statistics': { valid: {}, invalid: 'x', error: /expected object/ },
  'tasks.minimap.generate': { valid: {}, invalid: { all: true }, error: /Unrecognized key/ },
  'tasks.minimap.regenerate': { valid: { warehouseId: WID }, invalid: {}, error: /warehouseId/ },
  'tasks.minimap.cleanup': { valid: { daysToKeep: 30 }, invalid: { daysToKeep: 1.5 }, error: /daysToKeep/ },
  'tasks.minimap.validate': {
    valid: { warehouseId: WID },
    invalid: { warehouseId: '' },
    error: /warehouseId/,
  },
  'tasks.migration.run': { valid: {}, invalid: { force: true }, error: /Unrecognized key/ },
  'tasks.migration.schema': { valid: {}, invalid: 1, error: /expected object/ },
  'tasks.migration.initialize-users': { valid: {}, invalid: { a: 1 }, error: /Unrecognized key/ },
  'tasks.migration.migrate-warehouses': { valid: {}, invalid: { a: 1 }, error: /Unrecognized key/ },
  'tasks.migration.migrate-documents': { valid: {}, invalid: { a: 1 }, error: /Unrecognized key/ },
  'tasks.migration.update-indexes': { valid: {}, invalid: { a: 1 }, error: /Unrecognized key/ },
  'tasks.migration.backup': { valid: { keep: 3 }, invalid: { keep: 0 }, error: /keep/ },
  'tasks.migration.restore': { valid: { path: '/backups/2026-11-30' }, invalid: { path: '' }, error: /path/ },
};

describe('task catalog', () => {
  it.each(Object.keys(TASKS) as TaskSubject[])(
    '%s accepts a valid sample and rejects an invalid one',
    (subject) => {
      const task = TASKS[subject];
      const sample = samples[subject];
      expect(task.payload.safeParse(sample.valid).success).toBe(true);
      const bad = task.payload.safeParse(sample.invalid);
      expect(bad.success).toBe(false);
      // formatValidationError is what the DLQ reason shows an operator.
      expect(formatValidationError(bad.error!)).toMatch(sample.error);
    },
  );

  it('spells every subject as tasks.<queue>.<kebab-name> on a declared queue', () => {
    for (const [subject, task] of Object.entries(TASKS)) {
      expect(subject).toBe(`tasks.${task.queue}.${task.name}`);
      expect(task.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(QUEUES).toContain(task.queue);
      expect(task.timeLimits.softMs).toBeLessThan(task.timeLimits.hardMs);
    }
  });

  it('resolves short task names for the CLI', () => {
    expect(resolveTaskSubject('warehouse.process')).toBe('tasks.warehouse.process');
    expect(resolveTaskSubject('schedule-updates')).toBe('tasks.warehouse.schedule-updates');
    expect(resolveTaskSubject('cleanup')).toBeUndefined(); // ambiguous
  });

  it('declares one work-queue stream per queue plus EVENTS and DLQ, with disjoint subjects', () => {
    expect(ALL_STREAMS.map((s) => s.name)).toEqual([
      'TASKS_WAREHOUSE',
      'TASKS_STATISTICS',
      'TASKS_ACCESSLOG',
      'TASKS_MINIMAP',
      'TASKS_MIGRATION',
      'EVENTS',
      'DLQ',
    ]);
    const subjects = ALL_STREAMS.flatMap((s) => s.subjects);
    expect(new Set(subjects).size).toBe(subjects.length);
  });
});
