import { useEffect, useRef, type FormEvent } from 'react';
import { NavLink, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useQueues } from '../api/queries';
import { hasRole, useAgent, useSession } from '../features/auth/session';
import { useLive } from '../features/live/live';
import { useMyTasks } from '../features/tasks/TasksPage';
import { AvailabilityToggle } from '../features/auth/AvailabilityToggle';

export function Layout() {
  const agent = useAgent();
  const { signOut } = useSession();
  const { connected } = useLive();
  const queues = useQueues();
  const tasks = useMyTasks();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const mainRef = useRef<HTMLElement>(null);

  // Route changes move focus to the page, as a full page load would for screen-reader users.
  useEffect(() => {
    mainRef.current?.focus();
  }, [location.pathname]);

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="topbar">
        <span className="brand">Postdesk</span>
        <form role="search" aria-label="Cases" onSubmit={search} className="search">
          <label htmlFor="global-search" className="visually-hidden">Search cases</label>
          <input id="global-search" name="q" type="search" placeholder="Search cases, customers, tracking numbers" defaultValue={params.get('q') ?? ''} key={params.get('q') ?? ''} />
          <button type="submit">Search</button>
        </form>
        <span className={connected ? 'live on' : 'live off'} role="status">{connected ? 'Live' : 'Reconnecting…'}</span>
        <AvailabilityToggle />
        <span className="who">{agent.name} <span className="role">({agent.role})</span></span>
        <button type="button" className="secondary" onClick={() => void signOut()}>Sign out</button>
      </header>
      <nav className="sidebar" aria-label="Queues">
        <h2>Queues</h2>
        {queues.isError && <p className="field-error">Queues could not be loaded.</p>}
        <ul>
          <li>
            <NavLink to="/tasks">
              <span>My tasks</span>
              <span className="count" aria-label={`${tasks.data?.myOpenCount ?? 0} open, ${tasks.data?.myOverdueCount ?? 0} overdue`}>
                {tasks.data?.myOverdueCount ? <span className="overdue">{tasks.data.myOverdueCount}!</span> : null} {tasks.data?.myOpenCount ?? 0}
              </span>
            </NavLink>
          </li>
          {queues.data?.queues.map((queue) => (
            <li key={queue.id}>
              <NavLink to={`/queues/${encodeURIComponent(queue.id)}`}>
                <span>{queue.name}</span>
                <span className="count" aria-label={`${queue.count} cases`}>{queue.count}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        {hasRole(agent, 'supervisor') && (
          <>
            <h2>Administration</h2>
            <ul>
              <li><NavLink to="/admin/agents">Agents</NavLink></li>
              <li><NavLink to="/admin/departments">Departments</NavLink></li>
              <li><NavLink to="/admin/satisfaction">Satisfaction</NavLink></li>
              <li><NavLink to="/admin/help-articles">Help articles</NavLink></li>
            </ul>
          </>
        )}
        {hasRole(agent, 'admin') && (
          <>
            <ul>
              <li><NavLink to="/admin/topics">Topics</NavLink></li>
              <li><NavLink to="/admin/settings">Help hub and calendar</NavLink></li>
              <li><NavLink to="/admin/canned-responses">Canned responses</NavLink></li>
              <li><NavLink to="/admin/routing-rules">Routing rules</NavLink></li>
              <li><NavLink to="/admin/mailboxes">Mailboxes</NavLink></li>
              <li><NavLink to="/admin/inbound">Inbound mail</NavLink></li>
              <li><NavLink to="/admin/mail">Mail preview</NavLink></li>
              <li><NavLink to="/admin/jobs">Jobs</NavLink></li>
            </ul>
          </>
        )}
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
