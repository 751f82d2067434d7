import { SessionSchema } from '@repowiki/contracts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { get } from './api.js';
import { DeadLetterDetailPage, DeadLettersPage } from './pages/DeadLettersPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { SchedulesPage } from './pages/SchedulesPage.js';
import { TaskDetailPage } from './pages/TaskDetailPage.js';
import { TasksPage } from './pages/TasksPage.js';
import { WarehouseDetailPage } from './pages/WarehouseDetailPage.js';
import { WarehousesPage } from './pages/WarehousesPage.js';
import { Link, match, RouterProvider, useLocation } from './router.js';
import { useApi } from './use-api.js';
import './styles.css';

const NAV = [
  ['/', 'Overview'],
  ['/tasks', 'Tasks'],
  ['/dead-letters', 'Dead letters'],
  ['/schedules', 'Schedules'],
  ['/warehouses', 'Warehouses'],
] as const;

function Screen({ canAct }: { canAct: boolean }) {
  const path = useLocation().pathname;
  const task = match('/tasks/:id', path);
  if (task) return <TaskDetailPage id={task.id!} canAct={canAct} />;
  if (path === '/tasks') return <TasksPage />;
  const letter = match('/dead-letters/:seq', path);
  if (letter) return <DeadLetterDetailPage seq={letter.seq!} canAct={canAct} />;
  if (path === '/dead-letters') return <DeadLettersPage canAct={canAct} />;
  if (path === '/schedules') return <SchedulesPage canAct={canAct} />;
  const warehouse = match('/warehouses/:id', path);
  if (warehouse) return <WarehouseDetailPage id={warehouse.id!} canAct={canAct} />;
  if (path === '/warehouses') return <WarehousesPage canAct={canAct} />;
  return <OverviewPage canAct={canAct} />;
}

function App() {
  const session = useApi(() => get('/api/session', SessionSchema), 'session');
  const path = useLocation().pathname;
  return (
    <>
      <header>
        <strong>repowiki console</strong>
        <nav>
          {NAV.map(([to, label]) => (
            <Link
              key={to}
              to={to}
              className={(to === '/' ? path === '/' : path.startsWith(to)) ? 'active' : ''}
            >
              {label}
            </Link>
          ))}
        </nav>
        <span className="role" data-testid="role">
          {session.data?.role}
        </span>
      </header>
      <main>{session.data && <Screen canAct={session.data.role === 'operator'} />}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <App />
    </RouterProvider>
  </StrictMode>,
);
