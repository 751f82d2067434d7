import {
  type CatalogNodeView,
  MiniMapTreeSchema,
  SubmittedSchema,
  type WarehouseDetail,
  WarehouseDetailSchema,
  WikiPageSchema,
} from '@repowiki/contracts';
import { useCallback, useState } from 'react';
import { get, post } from '../api.js';
import { type CitationLink, Markdown } from '../components/Markdown.js';
import { MindMap } from '../components/MindMap.js';
import { ErrorText, StateBadge } from '../components/StateBadge.js';
import { time } from '../format.js';
import { useLive } from '../live.js';
import { Link, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Progress } from './WarehousesPage.js';

/** Where a cited file can be read: the repository host's blob view at the wiki's commit. */
function citationLinker(w: WarehouseDetail): CitationLink | undefined {
  if (!/^https:\/\//.test(w.address) || !w.version) return undefined;
  const base = w.address.replace(/\.git$/, '').replace(/\/+$/, '');
  return (path, line) =>
    `${base}/blob/${w.version}/${path.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}

function CatalogTree({
  nodes,
  warehouseId,
  current,
}: {
  nodes: CatalogNodeView[];
  warehouseId: string;
  current: string | null;
}) {
  const ids = new Set(nodes.map((n) => n.id));
  const children = (parent: string | null) =>
    nodes.filter((n) => (n.parentId && ids.has(n.parentId) ? n.parentId : null) === parent);
  const walk = (parent: string | null) => (
    <ul>
      {children(parent).map((n) => (
        <li key={n.id}>
          {n.pageTitle ? (
            <Link
              to={`/warehouses/${warehouseId}?page=${encodeURIComponent(n.url)}`}
              className={n.url === current ? 'current' : ''}
            >
              {n.name}
            </Link>
          ) : (
            <span>{n.name}</span>
          )}
          {children(n.id).length > 0 && walk(n.id)}
        </li>
      ))}
    </ul>
  );
  return (
    <nav className="catalog" data-testid="catalog">
      {walk(null)}
    </nav>
  );
}

/** A repository: status and actions, its wiki (catalogue tree + sanitised page) and its mind map. */
export function WarehouseDetailPage({ id, canAct }: { id: string; canAct: boolean }) {
  const url = useLocation();
  const params = new URLSearchParams(url.search);
  const view = params.get('view') === 'mindmap' ? 'mindmap' : 'wiki';
  const w = useApi(() => get(`/api/warehouses/${id}`, WarehouseDetailSchema), id);
  const pageUrl = params.get('page') ?? w.data?.catalog.find((c) => c.pageTitle)?.url ?? null;
  const page = useApi(
    () =>
      pageUrl !== null
        ? get(`/api/warehouses/${id}/page?url=${encodeURIComponent(pageUrl)}`, WikiPageSchema)
        : Promise.resolve(undefined),
    `${id}/${pageUrl}`,
  );
  const map = useApi(
    () =>
      view === 'mindmap'
        ? get(`/api/warehouses/${id}/minimap`, MiniMapTreeSchema)
        : Promise.resolve(undefined),
    `${id}/${view}`,
  );
  const [live, setLive] = useState<{ percent?: number; step?: string }>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  useLive((e) => {
    if (e.kind !== 'task' || e.taskId !== w.data?.taskId) {
      if (e.kind === 'task' && e.task.startsWith('tasks.warehouse.') && e.outcome !== 'progress') w.reload();
      if (e.kind === 'task' && e.task === 'tasks.minimap.regenerate' && e.outcome === 'succeeded')
        map.reload();
      return;
    }
    if (e.outcome === 'progress' && e.progress) setLive(e.progress);
    else w.reload();
  });
  const citation = useCallback<CitationLink>(
    (path, line) => (w.data ? citationLinker(w.data)?.(path, line) : undefined),
    [w.data],
  );
  const act = async (what: 'reprocess' | 'reset') => {
    setError(undefined);
    try {
      const r = await post(`/api/warehouses/${id}/${what}`, {}, SubmittedSchema);
      setMessage(`${what}: task ${r.taskId}`);
      w.reload();
    } catch (e: unknown) {
      setError(String((e as Error).message));
    }
  };
  const d = w.data;
  return (
    <section>
      <ErrorText error={w.error ?? error} />
      {message && <p className="notice">{message}</p>}
      {d && (
        <>
          <h1>
            {d.organizationName}/{d.name} <StateBadge state={d.status} />{' '}
            <Progress w={{ ...d, progress: live ?? d.progress }} />
          </h1>
          <p className="muted">
            {d.address} {d.branch && `(${d.branch})`} · commit {d.version ?? '—'} · updated{' '}
            {time(d.updatedAt)}
            {d.taskId && (
              <>
                {' '}
                · last run <Link to={`/tasks/${encodeURIComponent(d.taskId)}`}>{d.taskId}</Link>
              </>
            )}
          </p>
          {d.error && <pre className="error">{d.error}</pre>}
          {canAct && (
            <div className="actions">
              <button type="button" onClick={() => act('reprocess')}>
                Reprocess
              </button>
              <button type="button" className="danger" onClick={() => act('reset')}>
                Reset
              </button>
            </div>
          )}
          <div className="tabs">
            <Link to={`/warehouses/${id}`} className={view === 'wiki' ? 'active' : ''}>
              Wiki
            </Link>
            <Link to={`/warehouses/${id}?view=mindmap`} className={view === 'mindmap' ? 'active' : ''}>
              Mind map
            </Link>
          </div>
          {view === 'wiki' ? (
            <div className="reader">
              <CatalogTree nodes={d.catalog} warehouseId={id} current={pageUrl} />
              <article>
                <ErrorText error={page.error} />
                {page.data && <Markdown text={page.data.content} citation={citation} />}
                {pageUrl === null && <p className="muted">No pages yet.</p>}
              </article>
            </div>
          ) : (
            <>
              <ErrorText error={map.error} />
              {map.data && <MindMap tree={map.data} />}
            </>
          )}
        </>
      )}
    </section>
  );
}
