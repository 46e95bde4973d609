import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { CHANNELS, PRIORITIES } from '../../api/types';
import { useDepartments, useTopics } from '../../api/queries';
import { FormError, useDocumentTitle } from '../../app/page';

type NewRule = paths['/api/v1/admin/routing-rules']['post']['requestBody']['content']['application/json'];
type Rule = NewRule & { id: string; position: number; active: boolean };
const CARRIERS = ['usps', 'ups', 'fedex', 'dhl', 'amazon', 'upu-s10'] as const;

function summarize(record: Record<string, unknown>): string {
  return Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ');
}

/** Rules admins add on top of triage, applied in order; the first that stops wins. */
export function RoutingRulesPage() {
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['admin', 'routing-rules'], queryFn: () => unwrap(api.GET('/api/v1/admin/routing-rules')) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'routing-rules'] });
  const toggle = useMutation({
    mutationFn: (rule: Rule) => unwrap(api.PATCH('/api/v1/admin/routing-rules/{id}', { params: { path: { id: rule.id } }, body: { active: !rule.active } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/admin/routing-rules/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  useDocumentTitle('Routing rules');
  return (
    <>
      <h1>Routing rules</h1>
      <p className="lead">Checked in order after triage; every condition of a rule must hold.</p>
      {(toggle.error ?? remove.error) && <p className="field-error" role="alert">{(toggle.error ?? remove.error)?.message}</p>}
      {rules.data && rules.data.rules.length === 0 && <p role="status">No rules yet: triage alone decides.</p>}
      {rules.data && rules.data.rules.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Routing rules</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Name</th><th scope="col">When</th><th scope="col">Then</th><th scope="col">Active</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rules.data.rules.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.position}</td><td>{rule.name}</td><td>{summarize(rule.conditions)}</td><td>{summarize(rule.actions)}</td>
                <td><button type="button" className="secondary" onClick={() => toggle.mutate(rule)} aria-label={`${rule.active ? 'Deactivate' : 'Activate'} ${rule.name}`}>{rule.active ? 'On' : 'Off'}</button></td>
                <td><button type="button" className="secondary" onClick={() => remove.mutate(rule.id)} aria-label={`Delete ${rule.name}`}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewRuleForm onCreated={refresh} />
    </>
  );
}

function NewRuleForm({ onCreated }: { onCreated(): void }) {
  const topics = useTopics();
  const departments = useDepartments();
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: NewRule) => unwrap(api.POST('/api/v1/admin/routing-rules', { body })),
    onSuccess: () => { setMessage('Rule added.'); onCreated(); },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const words = value('textMatches')?.split(',').map((w) => w.trim()).filter(Boolean);
    const registered = value('customerRegistered');
    setMessage(null);
    create.mutate({
      name: value('name') ?? '',
      conditions: {
        channel: value('channel') as NewRule['conditions']['channel'],
        topic: value('topic'),
        language: value('language'),
        textMatches: words && words.length > 0 ? words : undefined,
        carrier: value('carrier') as NewRule['conditions']['carrier'],
        minPriority: value('minPriority') as NewRule['conditions']['minPriority'],
        customerRegistered: registered === undefined ? undefined : registered === 'yes',
      },
      actions: {
        department: value('department'),
        topic: value('actionTopic'),
        priority: value('priority') as NewRule['actions']['priority'],
        stop: form.get('stop') === 'on',
      },
    });
  }
  const error = create.error instanceof ApiError ? create.error : null;
  const options = (values: readonly string[]) => [<option key="" value="">Any</option>, ...values.map((v) => <option key={v} value={v}>{v}</option>)];
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-rule-heading">
      <h2 id="new-rule-heading">Add a rule</h2>
      <FormError error={error} />
      {message && <p className="success" role="status">{message}</p>}
      <label htmlFor="rule-name">Name</label><input id="rule-name" name="name" required />
      <fieldset><legend>When (all that are set)</legend>
        <label htmlFor="rule-channel">Channel</label><select id="rule-channel" name="channel">{options(CHANNELS)}</select>
        <label htmlFor="rule-topic">Topic</label><select id="rule-topic" name="topic">{options((topics.data?.topics ?? []).map((t) => t.slug))}</select>
        <label htmlFor="rule-language">Language (ISO code)</label><input id="rule-language" name="language" pattern="[a-z]{2}" />
        <label htmlFor="rule-words">Text contains any of (comma-separated)</label><input id="rule-words" name="textMatches" />
        <label htmlFor="rule-carrier">Tracking number of carrier</label><select id="rule-carrier" name="carrier">{options(CARRIERS)}</select>
        <label htmlFor="rule-min-priority">Priority at least</label><select id="rule-min-priority" name="minPriority">{options(PRIORITIES)}</select>
        <label htmlFor="rule-registered">Registered customer</label>
        <select id="rule-registered" name="customerRegistered"><option value="">Any</option><option value="yes">Yes</option><option value="no">No</option></select>
      </fieldset>
      <fieldset><legend>Then</legend>
        <label htmlFor="rule-department">Route to department</label><select id="rule-department" name="department">{[<option key="" value="">Unchanged</option>, ...departments.map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)]}</select>
        <label htmlFor="rule-action-topic">Set topic</label><select id="rule-action-topic" name="actionTopic">{[<option key="" value="">Unchanged</option>, ...(topics.data?.topics ?? []).map((t) => <option key={t.slug} value={t.slug}>{t.name}</option>)]}</select>
        <label htmlFor="rule-priority">Set priority</label><select id="rule-priority" name="priority">{[<option key="" value="">Unchanged</option>, ...PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)]}</select>
        <label className="checkbox"><input type="checkbox" name="stop" defaultChecked /> Stop after this rule</label>
      </fieldset>
      <button type="submit" disabled={create.isPending}>Add rule</button>
    </form>
  );
}
