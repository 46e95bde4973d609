import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { PRIORITIES, STATUSES, type CaseDetail } from '../../api/types';
import { capitalize, statusLabel } from '../../app/format';
import { useAgent } from '../auth/session';
import { useAgents, useDepartments, useTopics } from '../../api/queries';

export type Patch = { status?: string; priority?: string; department?: string; topic?: string; assignee?: string | null; reason?: string };

export function usePatchCase(caseNumber: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Patch) => unwrap(api.PATCH('/api/v1/cases/{caseNumber}', { params: { path: { caseNumber } }, body: patch })),
    onSuccess: (data) => {
      queryClient.setQueryData(['case', caseNumber], data.case);
      void queryClient.invalidateQueries({ queryKey: ['queues'] });
    },
  });
}

/** An action's form with its own error and success line, announced to screen readers. */
export function ActionForm(props: { title: string; submitLabel: string; pending: boolean; error: unknown; success: string | null; onSubmit(form: FormData): void; children: ReactNode }) {
  const error = props.error instanceof ApiError ? props.error : props.error ? new ApiError(0, 'unknown', 'Something went wrong.') : null;
  const id = props.title.toLowerCase().replace(/\W+/g, '-');
  return (
    <form className="action" aria-labelledby={id} onSubmit={(event: FormEvent<HTMLFormElement>) => { event.preventDefault(); props.onSubmit(new FormData(event.currentTarget)); }}>
      <h3 id={id}>{props.title}</h3>
      {props.children}
      {error && <p className="field-error" role="alert">{Object.values(error.fields)[0] ?? error.message}</p>}
      {props.success && !error && <p className="success" role="status">{props.success}</p>}
      <button type="submit" disabled={props.pending}>{props.pending ? 'Saving…' : props.submitLabel}</button>
    </form>
  );
}

export function StatusForm({ detail }: { detail: CaseDetail }) {
  const patch = usePatchCase(detail.caseNumber);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <ActionForm title="Status and priority" submitLabel="Save" pending={patch.isPending} error={patch.error} success={saved}
      onSubmit={(form) => patch.mutate({ status: String(form.get('status')), priority: String(form.get('priority')) }, { onSuccess: () => setSaved('Saved.') })}>
      <label htmlFor="case-status">Status</label>
      <select id="case-status" name="status" defaultValue={detail.status} key={`s${detail.status}`}>
        {[...STATUSES, ...(detail.status === 'merged' ? ['merged'] : [])].map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
      </select>
      <label htmlFor="case-priority">Priority</label>
      <select id="case-priority" name="priority" defaultValue={detail.priority} key={`p${detail.priority}`}>
        {PRIORITIES.map((p) => <option key={p} value={p}>{capitalize(p)}</option>)}
      </select>
    </ActionForm>
  );
}

/** Re-routing asks why: the reason goes on the timeline, and a topic change teaches triage. */
export function RerouteForm({ detail }: { detail: CaseDetail }) {
  const patch = usePatchCase(detail.caseNumber);
  const topics = useTopics();
  const [saved, setSaved] = useState<string | null>(null);
  const departments = useDepartments();
  return (
    <ActionForm title="Re-route" submitLabel="Re-route" pending={patch.isPending} error={patch.error} success={saved}
      onSubmit={(form) => patch.mutate(
        { topic: String(form.get('topic')), department: String(form.get('department')), reason: String(form.get('reason') ?? '') },
        { onSuccess: () => setSaved('Re-routed.') },
      )}>
      <label htmlFor="reroute-topic">Topic</label>
      <select id="reroute-topic" name="topic" defaultValue={detail.topic} key={`t${detail.topic}`}>
        {(topics.data?.topics ?? []).map((t) => <option key={t.slug} value={t.slug}>{t.name}</option>)}
      </select>
      <label htmlFor="reroute-department">Department</label>
      <select id="reroute-department" name="department" defaultValue={detail.department} key={`d${detail.department}`}>
        {departments.map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
      </select>
      <label htmlFor="reroute-reason">Reason</label>
      <input id="reroute-reason" name="reason" required aria-describedby="reroute-hint" />
      <p id="reroute-hint" className="hint">Shown on the timeline; a topic change also corrects triage.</p>
    </ActionForm>
  );
}

/** Assign to anyone active; available agents of the case's department are listed first. */
export function AssignForm({ detail }: { detail: CaseDetail }) {
  const patch = usePatchCase(detail.caseNumber);
  const me = useAgent();
  const agents = useAgents();
  const [saved, setSaved] = useState<string | null>(null);
  const list = [...(agents.data?.agents ?? [])].sort((a, b) => rank(b, detail.department) - rank(a, detail.department) || a.name.localeCompare(b.name));
  return (
    <ActionForm title="Assignment" submitLabel="Assign" pending={patch.isPending} error={patch.error} success={saved}
      onSubmit={(form) => {
        const value = String(form.get('assignee') ?? '');
        patch.mutate({ assignee: value === '' ? null : value }, { onSuccess: () => setSaved(value ? 'Assigned.' : 'Unassigned.') });
      }}>
      <label htmlFor="case-assignee">Assignee</label>
      <select id="case-assignee" name="assignee" defaultValue={detail.assignee ?? ''} key={`a${detail.assignee ?? ''}${list.length}`}>
        <option value="">Nobody</option>
        {list.map((a) => (
          <option key={a.id} value={a.id}>
            {a.id === me.id ? `${a.name} (me)` : a.name}{a.available ? '' : ' — away'}{a.departments.some((d) => d.slug === detail.department) ? '' : ' — other department'}
          </option>
        ))}
      </select>
    </ActionForm>
  );
}

function rank(agent: { available: boolean; departments: { slug: string }[] }, department: string): number {
  return (agent.departments.some((d) => d.slug === department) ? 2 : 0) + (agent.available ? 1 : 0);
}
