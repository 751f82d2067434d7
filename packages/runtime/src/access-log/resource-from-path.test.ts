import { describe, expect, it } from 'vitest';
import { resourceFromPath } from './resource-from-path.js';

describe('resourceFromPath', () => {
  it.each([
    ['/', { resourceType: 'home', resourceId: '' }],
    ['/acme/wiki', { resourceType: 'repository', resourceId: 'acme/wiki' }],
    ['/acme/wiki/', { resourceType: 'repository', resourceId: 'acme/wiki' }],
    [
      '/acme/wiki/guide/getting-started',
      { resourceType: 'document', resourceId: 'acme/wiki/guide/getting-started' },
    ],
    ['/acme/wiki/%E6%96%87%E6%A1%A3', { resourceType: 'document', resourceId: 'acme/wiki/文档' }],
    ['/api/warehouses/42', { resourceType: 'api', resourceId: '/api/warehouses/42' }],
    ['/settings/profile', { resourceType: 'page', resourceId: 'settings' }],
    ['/acme', { resourceType: 'page', resourceId: 'acme' }],
    ['/acme/wiki/%E0%A4%A', { resourceType: 'document', resourceId: 'acme/wiki/%E0%A4%A' }],
  ] as const)('%s', (path, resource) => {
    expect(resourceFromPath(path)).toEqual(resource);
  });

  it('keeps resource ids within the column limit', () => {
    expect(resourceFromPath(`/acme/wiki/${'x'.repeat(400)}`).resourceId).toHaveLength(256);
  });
});
