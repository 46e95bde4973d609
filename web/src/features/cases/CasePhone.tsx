import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { useAgent } from '../auth/session';
import { useAgents } from '../../api/queries';
import { ActionForm } from './CaseActions';

/** A phone call on the thread: what was said, never emailed. */
export function CallForm({ detail }: { detail: CaseDetail }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const log = useMutation({
    mutationFn: (body: { summary: string; direction: 'inbound' | 'outbound'; durationMinutes?: number }) =>
      unwrap(api.POST('/api/v1/cases/{caseNumber}/calls', { params: { path: { caseNumber: detail.caseNumber } }, body })),
    onSuccess: async () => { setSaved('Call logged.'); await queryClient.invalidateQueries({ queryKey: ['case', detail.caseNumber] }); },
  });
  return (
    <ActionForm title="Log a phone call" submitLabel="Log call" pending={log.isPending} error={log.error} success={saved}
      onSubmit={(form) => {
        const minutes = String(form.get('minutes') ?? '').trim();
        log.mutate({ summary: String(form.get('summary') ?? ''), direction: form.get('direction') === 'outbound' ? 'outbound' : 'inbound', ...(minutes ? { durationMinutes: Number(minutes) } : {}) });
      }}>
      <label htmlFor="call-direction">Who called</label>
      <select id="call-direction" name="direction" defaultValue="inbound">
        <option value="inbound">The customer called us</option>
        <option value="outbound">We called the customer</option>
      </select>
      <label htmlFor="call-minutes">Minutes</label>
      <input id="call-minutes" name="minutes" type="number" min={0} max={600} />
      <label htmlFor="call-summary">Summary</label>
      <textarea id="call-summary" name="summary" rows={3} required />
    </ActionForm>
  );
}

function inputValueForLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A call-back the agent (or a colleague) must make by a time; it shows in their task list. */
export function FollowUpForm({ detail }: { detail: CaseDetail }) {
  const me = useAgent();
  const agents = useAgents();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const schedule = useMutation({
    mutationFn: (body: { dueAt: string; note: string; assignee: string }) =>
      unwrap(api.POST('/api/v1/cases/{caseNumber}/tasks', { params: { path: { caseNumber: detail.caseNumber } }, body: { kind: 'phone_follow_up', ...body } })),
    onSuccess: async () => {
      setSaved('Follow-up scheduled.');
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['tasks'] }), queryClient.invalidateQueries({ queryKey: ['case', detail.caseNumber] })]);
    },
  });
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  tomorrow.setMinutes(0, 0, 0);
  return (
    <ActionForm title="Schedule a phone follow-up" submitLabel="Schedule" pending={schedule.isPending} error={schedule.error} success={saved}
      onSubmit={(form) => schedule.mutate({
        dueAt: new Date(String(form.get('dueAt'))).toISOString(),
        note: String(form.get('note') ?? ''),
        assignee: String(form.get('assignee') || me.id),
      })}>
      <label htmlFor="task-due">Call by</label>
      <input id="task-due" name="dueAt" type="datetime-local" required defaultValue={inputValueForLocal(tomorrow)} />
      <label htmlFor="task-assignee">Who calls</label>
      <select id="task-assignee" name="assignee" defaultValue={me.id}>
        {(agents.data?.agents ?? [{ id: me.id, name: me.name }]).map((a) => <option key={a.id} value={a.id}>{a.id === me.id ? `${a.name} (me)` : a.name}</option>)}
      </select>
      <label htmlFor="task-note">Note</label>
      <input id="task-note" name="note" />
    </ActionForm>
  );
}
