import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../app/format';
import { useDocumentTitle } from '../../app/page';
import { hasRole, useAgent } from '../auth/session';
import { HelpArticleForm, type AdminArticle } from './HelpArticleForm';

const DAY_MS = 24 * 3600 * 1000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The help articles customers read at /help and see suggested on the contact forms: how often each
 * helped (deflection), and, for admins, writing them. Supervisors read.
 */
export function HelpArticlesPage() {
  const agent = useAgent();
  const canEdit = hasRole(agent, 'admin');
  const queryClient = useQueryClient();
  const articles = useQuery({ queryKey: ['admin', 'articles'], queryFn: () => unwrap(api.GET('/api/v1/admin/articles')) });
  const [editing, setEditing] = useState<AdminArticle | 'new' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'articles'] });
  const publish = useMutation({
    mutationFn: (input: { slug: string; published: boolean }) =>
      unwrap(api.PATCH('/api/v1/admin/articles/{slug}', { params: { path: { slug: input.slug } }, body: { published: input.published } })),
    onSuccess: (saved) => { setMessage(`${saved.article.published ? 'Published' : 'Unpublished'} "${saved.article.texts.en.title}".`); void refresh(); },
  });
  const remove = useMutation({
    mutationFn: (slug: string) => unwrap(api.DELETE('/api/v1/admin/articles/{slug}', { params: { path: { slug } } })),
    onSuccess: (removed) => { setConfirmDelete(null); setMessage(`Deleted "${removed.article.texts.en.title}".`); void refresh(); },
  });
  useDocumentTitle('Help articles');
  const failure = publish.error ?? remove.error;
  return (
    <>
      <h1>Help articles</h1>
      <p className="lead">Customers read these at <a href="/help">/help</a>, and each contact form suggests them while the customer describes the matter.</p>
      <DeflectionStats />
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">Articles</h2>
        {failure && <p className="field-error" role="alert">{failure.message}</p>}
        {message && <p className="success" role="status">{message}</p>}
        {canEdit && editing === null && <button type="button" onClick={() => { setMessage(''); setEditing('new'); }}>Add an article</button>}
        {canEdit && editing !== null && (
          <HelpArticleForm key={editing === 'new' ? 'new' : editing.slug} article={editing === 'new' ? null : editing} onDone={(text) => { setEditing(null); setMessage(text); }} />
        )}
        {articles.data && (
          <table className="cases">
            <caption className="visually-hidden">Help articles</caption>
            <thead>
              <tr><th scope="col">Title</th><th scope="col">Topics</th><th scope="col">Status</th><th scope="col">Views</th><th scope="col">Helpful (yes / no)</th><th scope="col">Updated</th>{canEdit && <th scope="col"><span className="visually-hidden">Actions</span></th>}</tr>
            </thead>
            <tbody>
              {articles.data.articles.map((article) => (
                <tr key={article.slug}>
                  <td><a href={article.url}>{article.texts.en.title}</a><br /><span className="muted">{['en', ...Object.keys(article.texts).filter((l) => l !== 'en')].join(', ')}</span></td>
                  <td>{article.topics.join(', ') || <span className="muted">none</span>}</td>
                  <td>{article.published ? 'Published' : 'Draft'}</td>
                  <td>{article.counters.views}</td>
                  <td>{article.counters.helpfulYes} / {article.counters.helpfulNo}</td>
                  <td>{formatDateTime(article.updatedAt)}{article.updatedBy ? ` by ${article.updatedBy.name}` : ''}</td>
                  {canEdit && (
                    <td className="actions">
                      <button type="button" className="secondary" onClick={() => { setMessage(''); setEditing(article); }} aria-label={`Edit ${article.texts.en.title}`}>Edit</button>{' '}
                      <button type="button" className="secondary" onClick={() => publish.mutate({ slug: article.slug, published: !article.published })} aria-label={`${article.published ? 'Unpublish' : 'Publish'} ${article.texts.en.title}`}>
                        {article.published ? 'Unpublish' : 'Publish'}
                      </button>{' '}
                      {confirmDelete === article.slug
                        ? <button type="button" onClick={() => remove.mutate(article.slug)} aria-label={`Really delete ${article.texts.en.title}`}>Really delete</button>
                        : <button type="button" className="secondary" onClick={() => setConfirmDelete(article.slug)} aria-label={`Delete ${article.texts.en.title}`}>Delete</button>}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Shown, followed, rated and deflected per article in a period (default: the last 30 days). */
function DeflectionStats() {
  const [period, setPeriod] = useState(() => ({ from: isoDate(new Date(Date.now() - 29 * DAY_MS)), to: isoDate(new Date()) }));
  const stats = useQuery({
    queryKey: ['admin', 'articles', 'stats', period],
    queryFn: () => unwrap(api.GET('/api/v1/admin/articles/stats', { params: { query: period } })),
  });
  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPeriod({ from: String(form.get('from')), to: String(form.get('to')) });
  }
  const totals = stats.data?.totals;
  const used = stats.data?.articles.filter((a) => a.shown + a.clicked + a.helpfulYes + a.helpfulNo > 0) ?? [];
  return (
    <section aria-labelledby="deflection-heading" className="card">
      <h2 id="deflection-heading">Questions answered without a message</h2>
      <form className="filters" onSubmit={choose} aria-label="Period">
        <div className="field"><label htmlFor="stats-from">From</label><input id="stats-from" name="from" type="date" defaultValue={period.from} required /></div>
        <div className="field"><label htmlFor="stats-to">To (inclusive)</label><input id="stats-to" name="to" type="date" defaultValue={period.to} required /></div>
        <button type="submit">Show</button>
      </form>
      {stats.isError && <p className="field-error" role="alert">{stats.error.message}</p>}
      {totals && (
        <p>
          {totals.visits} contact forms opened; {totals.visitsClicked} followed a suggested article; {totals.converted} sent a message;{' '}
          <strong>{totals.deflected} deflected</strong> (said an article answered them, or left within 30 minutes of reading one){totals.pending > 0 ? `; ${totals.pending} still deciding` : ''}.
        </p>
      )}
      {stats.data && used.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Per article</caption>
          <thead><tr><th scope="col">Article</th><th scope="col">Shown</th><th scope="col">Followed</th><th scope="col">Helpful</th><th scope="col">Not helpful</th><th scope="col">Deflected</th></tr></thead>
          <tbody>
            {used.map((row) => (
              <tr key={row.slug}><td>{row.title}</td><td>{row.shown}</td><td>{row.clicked}</td><td>{row.helpfulYes}</td><td>{row.helpfulNo}</td><td>{row.deflected}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {stats.data && used.length === 0 && <p className="muted">No article was shown in this period.</p>}
    </section>
  );
}
