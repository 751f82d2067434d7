export interface AccessResource {
  resourceType: 'home' | 'page' | 'api' | 'repository' | 'document';
  resourceId: string;
}

/** Top-level routes of the web app that are not organisations. */
const APP_ROUTES = new Set([
  'admin',
  'login',
  'logout',
  'register',
  'auth',
  'oauth',
  'settings',
  'search',
  'about',
  'privacy',
  'terms',
  'user',
  'users',
  'profile',
  'dashboard',
  'repositories',
  'docs',
  'help',
]);

/** `resource_id` column limit (AccessEntrySchema). */
const MAX_ID_LENGTH = 256;

/**
 * What a request path shows, for statistics:
 * `/` → home; `/api/…` → api (the path); `/settings/…` → page (`settings`);
 * `/{org}/{repo}` → repository `org/repo`; `/{org}/{repo}/{page…}` → document `org/repo/page…`.
 */
export function resourceFromPath(path: string): AccessResource {
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  const [first, second] = segments;
  if (first === undefined) return { resourceType: 'home', resourceId: '' };
  if (first.toLowerCase() === 'api')
    return { resourceType: 'api', resourceId: clip(`/${segments.join('/')}`) };
  if (APP_ROUTES.has(first.toLowerCase()) || second === undefined) {
    return { resourceType: 'page', resourceId: clip(first.toLowerCase()) };
  }
  const resourceType = segments.length === 2 ? 'repository' : 'document';
  return { resourceType, resourceId: clip(segments.join('/')) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function clip(id: string): string {
  return id.length > MAX_ID_LENGTH ? id.slice(0, MAX_ID_LENGTH) : id;
}
