import { describe, expect, it } from 'vitest';
import { editDistance, suggestTasks, taskSubjectOf } from './task-name.js';

describe('task names', () => {
  it('resolves every form of a name', () => {
    expect(taskSubjectOf('process')).toBe('tasks.warehouse.process');
    expect(taskSubjectOf('minimap.validate')).toBe('tasks.minimap.validate');
    expect(taskSubjectOf('tasks.statistics.daily')).toBe('tasks.statistics.daily');
  });

  it('suggests the task a typo meant ("did you mean")', () => {
    expect(suggestTasks('procss')[0]).toBe('tasks.warehouse.process');
    expect(suggestTasks('valdate')).toEqual(['tasks.minimap.validate']);
    expect(suggestTasks('minimap.validat')).toEqual(['tasks.minimap.validate']);
    expect(suggestTasks('tasks.warehouse.updaet')).toEqual(['tasks.warehouse.update']);
    expect(() => taskSubjectOf('dialy')).toThrow(
      /unknown task "dialy" \(did you mean tasks\.statistics\.daily\?\)/,
    );
  });

  it('lists every task an ambiguous name may mean, and nothing for a name far from all', () => {
    expect(suggestTasks('cleanup')).toEqual([
      'tasks.accesslog.cleanup',
      'tasks.minimap.cleanup',
      'tasks.statistics.cleanup-access-records',
      'tasks.warehouse.cleanup-failed',
    ]);
    expect(suggestTasks('zzzzzzzz')).toEqual([]);
    expect(() => taskSubjectOf('zzzzzzzz')).toThrow(/^unknown task "zzzzzzzz"$/);
  });

  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('updaet', 'update')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
