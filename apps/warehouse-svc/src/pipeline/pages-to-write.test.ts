import { describe, expect, it } from 'vitest';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { StoredPage } from '../persist/load-live-pages.query.js';
import { catalogChanged, needsWrite } from './pages-to-write.js';

const page: PagePlan = {
  url: 'api/alpha',
  name: 'alpha API',
  description: 'Symbols of alpha',
  order: 0,
  kind: 'api-module',
  moduleKey: 'alpha',
  sources: ['alpha/a.py', 'alpha/b.py'],
};
const stored: StoredPage = {
  id: 'id-1',
  url: 'api/alpha',
  name: 'alpha API',
  description: 'Symbols of alpha',
  order: 0,
  parentId: 'api-id',
  // As PostgreSQL may sort them (collation order), not as the plan does.
  sources: ['alpha/b.py', 'alpha/a.py'],
  inputs: 'digest-1',
};

describe('needsWrite', () => {
  it('writes a new page, a page from an older pipeline (no digest) and a page whose digest changed', () => {
    for (const deterministic of [true, false]) {
      const d = { inputs: 'digest-1', changed: new Set<string>(), deterministic };
      expect(needsWrite(page, { ...d, stored: undefined })).toBe(true);
      expect(needsWrite(page, { ...d, stored: { ...stored, inputs: undefined } })).toBe(true);
      expect(needsWrite(page, { ...d, stored, inputs: 'digest-2' })).toBe(true);
    }
  });

  it('deterministic writer: the digest alone decides, whatever files changed', () => {
    const d = { stored, inputs: 'digest-1', deterministic: true };
    expect(needsWrite(page, { ...d, changed: new Set(['alpha/a.py']) })).toBe(false);
    expect(needsWrite(page, { ...d, changed: undefined })).toBe(false);
  });

  it('another writer: also a changed, added or dropped source', () => {
    const d = { stored, inputs: 'digest-1', deterministic: false };
    expect(needsWrite(page, { ...d, changed: new Set(['beta/x.py']) })).toBe(false);
    expect(needsWrite(page, { ...d, changed: new Set(['alpha/b.py']) })).toBe(true);
    expect(needsWrite(page, { ...d, changed: undefined })).toBe(true);
    expect(needsWrite({ ...page, sources: ['alpha/a.py'] }, { ...d, changed: new Set() })).toBe(true);
    expect(
      needsWrite(page, {
        ...d,
        stored: { ...stored, sources: ['alpha/old.py'] },
        changed: new Set(['alpha/old.py']),
      }),
    ).toBe(true);
  });
});

describe('catalogChanged', () => {
  it('is false only when name, description, order and parent are all as stored', () => {
    expect(catalogChanged(page, 'api-id', stored)).toBe(false);
    expect(catalogChanged({ ...page, name: 'x' }, 'api-id', stored)).toBe(true);
    expect(catalogChanged({ ...page, description: 'x' }, 'api-id', stored)).toBe(true);
    expect(catalogChanged({ ...page, order: 1 }, 'api-id', stored)).toBe(true);
    expect(catalogChanged(page, null, stored)).toBe(true);
  });
});
