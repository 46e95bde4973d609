import { useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from '../features/auth/session';
import { SignInPage } from '../features/auth/SignInPage';
import { LiveProvider } from '../features/live/live';
import { QueuePage } from '../features/queues/QueuePage';
import { CasePage } from '../features/cases/CasePage';
import { MailPreviewPage } from '../features/admin/MailPreviewPage';
import { JobsPage } from '../features/admin/JobsPage';
import { InboundPage } from '../features/admin/InboundPage';
import { RoutingRulesPage } from '../features/admin/RoutingRulesPage';
import { MailboxesPage } from '../features/admin/MailboxesPage';
import { AgentsPage } from '../features/admin/AgentsPage';
import { DepartmentsPage } from '../features/admin/DepartmentsPage';
import { CannedResponsesPage } from '../features/admin/CannedResponsesPage';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { TasksPage } from '../features/tasks/TasksPage';
import { TopicsPage } from '../features/admin/TopicsPage';
import { SettingsPage } from '../features/admin/SettingsPage';
import { SatisfactionPage } from '../features/admin/SatisfactionPage';
import { HelpArticlesPage } from '../features/admin/HelpArticlesPage';
import { Layout } from './Layout';

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

function Gate() {
  const { state, expire } = useSession();
  const [notice, setNotice] = useState<string>();
  if (state.status === 'loading') return <p role="status" className="loading">Loading…</p>;
  if (state.status === 'signed-out') {
    if (window.location.pathname === '/agent/accept-invite') return <AcceptInvitePage onDone={setNotice} />;
    return <SignInPage notice={notice ?? state.reason} />;
  }
  return (
    <LiveProvider onSignedOut={expire}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Navigate to="/queues/unassigned" replace />} />
          <Route path="queues/:queueId" element={<QueuePage />} />
          <Route path="search" element={<QueuePage />} />
          <Route path="cases/:caseNumber" element={<CasePage />} />
          <Route path="tasks" element={<TasksPage />} />
          <Route path="admin/agents" element={<AgentsPage />} />
          <Route path="admin/departments" element={<DepartmentsPage />} />
          <Route path="admin/satisfaction" element={<SatisfactionPage />} />
          <Route path="admin/canned-responses" element={<CannedResponsesPage />} />
          <Route path="admin/topics" element={<TopicsPage />} />
          <Route path="admin/settings" element={<SettingsPage />} />
          <Route path="admin/help-articles" element={<HelpArticlesPage />} />
          <Route path="admin/mail" element={<MailPreviewPage />} />
          <Route path="admin/jobs" element={<JobsPage />} />
          <Route path="admin/inbound" element={<InboundPage />} />
          <Route path="admin/routing-rules" element={<RoutingRulesPage />} />
          <Route path="admin/mailboxes" element={<MailboxesPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </LiveProvider>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no console page at this address. Pick a queue on the left.</p>
    </>
  );
}
