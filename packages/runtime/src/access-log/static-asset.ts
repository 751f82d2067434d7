/** File extensions of assets a browser fetches alongside a page: not page views. */
const ASSET_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'css',
  'map',
  'json',
  'webmanifest',
  'xml',
  'txt',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'ico',
  'webp',
  'avif',
  'bmp',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp4',
  'webm',
  'mp3',
  'ogg',
  'wav',
  'wasm',
]);

/** First path segments served by the framework, CDN or probes rather than by wiki pages. */
const ASSET_PREFIXES = new Set([
  '_next',
  'static',
  'assets',
  'public',
  'build',
  'dist',
  'fonts',
  'images',
  'img',
  'favicon.ico',
  'css',
  'js',
  'styles',
  'scripts',
  'media',
  '.well-known',
  'healthz',
  'readyz',
  'livez',
  'metrics',
]);

/**
 * True for requests that are not page views: framework assets, probes and files with an
 * asset extension. A two-segment path is a repository route (`/vuejs/vue.js`), so its
 * extension is not looked at.
 */
export function isStaticAsset(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  const first = segments[0];
  if (first === undefined) return false;
  if (ASSET_PREFIXES.has(first.toLowerCase())) return true;
  if (segments.length === 2) return false;
  const last = segments[segments.length - 1] ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 && ASSET_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}
