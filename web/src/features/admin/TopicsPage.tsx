import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { LANGUAGES } from '../../api/types';
import { languageName } from '../../app/format';
import { FormError, useDocumentTitle } from '../../app/page';

type TopicPatch = paths['/api/v1/admin/topics/{slug}']['patch']['requestBody']['content']['application/json'];
type AdminTopic = paths['/api/v1/admin/topics']['get']['responses'][200]['content']['application/json']['topics'][number];

/** The help hub's topics: names per language, department, urgent-matter guidance, on or off. */
export function TopicsPage() {
  const topics = useQuery({ queryKey: ['admin', 'topics'], queryFn: () => unwrap(api.GET('/api/v1/admin/topics')) });
  const departments = useQuery({ queryKey: ['admin', 'departments'], queryFn: () => unwrap(api.GET('/api/v1/admin/departments')) });
  useDocumentTitle('Topics');
  return (
    <>
      <h1>Topics</h1>
      <p className="lead">What customers pick on the help hub, and what triage routes to. English is required; other languages fall back to it.</p>
      {topics.data?.topics.map((topic) => <TopicForm key={topic.slug} topic={topic} departments={departments.data?.departments ?? []} />)}
    </>
  );
}

function TopicForm({ topic, departments }: { topic: AdminTopic; departments: { slug: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: TopicPatch) => unwrap(api.PATCH('/api/v1/admin/topics/{slug}', { params: { path: { slug: topic.slug } }, body })),
    onSuccess: async () => {
      setSaved(true);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'topics'] }), queryClient.invalidateQueries({ queryKey: ['topics'] })]);
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const texts = (prefix: string) => Object.fromEntries(LANGUAGES.map((l) => [l, String(form.get(`${prefix}-${l}`) ?? '').trim()]).filter(([, v]) => v));
    const names = texts('name');
    const guidance = texts('guidance');
    save.mutate({
      names: names as TopicPatch['names'] & object,
      department: String(form.get('department')),
      active: form.get('active') === 'on',
      urgentGuidance: Object.keys(guidance).length > 0 ? guidance as NonNullable<TopicPatch['urgentGuidance']> : null,
    });
  }
  const id = (part: string) => `topic-${topic.slug}-${part}`;
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form className="card" aria-labelledby={id('heading')} onSubmit={submit}>
      <h2 id={id('heading')}>{topic.names.en ?? topic.slug} <span className="muted">({topic.slug})</span></h2>
      <FormError error={error} />
      {saved && <p className="success" role="status">Saved.</p>}
      <label className="checkbox"><input type="checkbox" name="active" defaultChecked={topic.active} /> Offered on the help hub</label>
      <label htmlFor={id('department')}>Department</label>
      <select id={id('department')} name="department" defaultValue={topic.department}>
        {departments.map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
      </select>
      {LANGUAGES.map((l) => (
        <div key={l}>
          <label htmlFor={id(`name-${l}`)}>Name in {languageName(l)}</label>
          <input id={id(`name-${l}`)} name={`name-${l}`} defaultValue={topic.names[l] ?? ''} required={l === 'en'} />
        </div>
      ))}
      {LANGUAGES.map((l) => (
        <div key={l}>
          <label htmlFor={id(`guidance-${l}`)}>Urgent-matter guidance in {languageName(l)}</label>
          <textarea id={id(`guidance-${l}`)} name={`guidance-${l}`} rows={2} defaultValue={topic.urgentGuidance?.[l] ?? ''} />
        </div>
      ))}
      <button type="submit" disabled={save.isPending}>Save {topic.names.en ?? topic.slug}</button>
    </form>
  );
}
