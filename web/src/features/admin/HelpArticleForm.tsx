import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { LANGUAGES } from '../../api/types';
import { languageName } from '../../app/format';
import { FormError } from '../../app/page';

export type AdminArticle = paths['/api/v1/admin/articles']['get']['responses'][200]['content']['application/json']['articles'][number];
type CreateBody = paths['/api/v1/admin/articles']['post']['requestBody']['content']['application/json'];
type PatchBody = paths['/api/v1/admin/articles/{slug}']['patch']['requestBody']['content']['application/json'];
type Text = CreateBody['texts']['en'];
type Language = (typeof LANGUAGES)[number];

const FORMAT_HINT = 'Blank line between paragraphs. "## " starts a subheading, "- " or "1. " a list line. **bold**, [link text](https://… or /contact/passport or tel:+1…).';

/** One article's texts per language, topics, order and published flag; a new one also gets its slug. */
export function HelpArticleForm({ article, onDone }: { article: AdminArticle | null; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const topics = useQuery({ queryKey: ['admin', 'topics'], queryFn: () => unwrap(api.GET('/api/v1/admin/topics')) });
  const [error, setError] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (form: FormData) => (article ? update(article, form) : create(form)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'articles'] });
      onDone(`Saved "${saved.article.texts.en.title}".`);
    },
    onError: setError,
  });
  const id = (part: string) => `article-${part}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    save.mutate(new FormData(event.currentTarget));
  }

  return (
    <form className="card" aria-labelledby={id('form-heading')} onSubmit={submit}>
      <h2 id={id('form-heading')}>{article ? `Edit "${article.texts.en.title}"` : 'Add a help article'}</h2>
      <FormError error={error} />
      {!article && (
        <>
          <label htmlFor={id('slug')}>Address</label>
          <p id={id('slug-hint')} className="hint">Lower-case words joined by hyphens; the article will be at /help/&lt;address&gt;.</p>
          <input id={id('slug')} name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby={id('slug-hint')} />
        </>
      )}
      <label className="checkbox"><input type="checkbox" name="published" defaultChecked={article?.published ?? false} /> Published on the help pages</label>
      <label htmlFor={id('position')}>Order in lists</label>
      <input id={id('position')} name="position" type="number" min={0} defaultValue={article?.position ?? ''} aria-describedby={id('position-hint')} />
      <p id={id('position-hint')} className="hint">Smaller first. A topic&apos;s first three articles appear on its contact form before the customer types.</p>
      <fieldset>
        <legend>Topics it answers</legend>
        {(topics.data?.topics ?? []).map((topic) => (
          <label key={topic.slug} className="checkbox">
            <input type="checkbox" name="topics" value={topic.slug} defaultChecked={article?.topics.includes(topic.slug) ?? false} /> {topic.names.en ?? topic.slug}
          </label>
        ))}
      </fieldset>
      {LANGUAGES.map((language) => (
        <fieldset key={language}>
          <legend>{languageName(language)}{language === 'en' ? ' (required; shown when a translation is missing)' : ' (leave empty for none)'}</legend>
          <label htmlFor={id(`${language}-title`)}>Title</label>
          <input id={id(`${language}-title`)} name={`${language}-title`} defaultValue={article?.texts[language]?.title ?? ''} required={language === 'en'} maxLength={200} />
          <label htmlFor={id(`${language}-summary`)}>Summary</label>
          <textarea id={id(`${language}-summary`)} name={`${language}-summary`} rows={2} defaultValue={article?.texts[language]?.summary ?? ''} required={language === 'en'} maxLength={500} />
          <label htmlFor={id(`${language}-body`)}>Text</label>
          <textarea id={id(`${language}-body`)} name={`${language}-body`} rows={10} defaultValue={article?.texts[language]?.body ?? ''} required={language === 'en'} aria-describedby={id('format-hint')} />
        </fieldset>
      ))}
      <p id={id('format-hint')} className="hint">{FORMAT_HINT}</p>
      <div className="row">
        <button type="submit" disabled={save.isPending}>{article ? 'Save changes' : 'Add article'}</button>
        <button type="button" className="secondary" onClick={() => onDone('')}>Cancel</button>
      </div>
    </form>
  );
}

function textOf(form: FormData, language: Language): Text | null {
  const field = (name: string) => String(form.get(`${language}-${name}`) ?? '').trim();
  const text = { title: field('title'), summary: field('summary'), body: field('body') };
  return text.title || text.summary || text.body ? text : null;
}

function common(form: FormData) {
  const position = String(form.get('position') ?? '').trim();
  return {
    topics: form.getAll('topics').map(String),
    published: form.get('published') === 'on',
    ...(position ? { position: Number(position) } : {}),
  };
}

function create(form: FormData) {
  const en = textOf(form, 'en') ?? { title: '', summary: '', body: '' };
  const es = textOf(form, 'es');
  const ro = textOf(form, 'ro');
  const body: CreateBody = { slug: String(form.get('slug') ?? '').trim(), texts: { en, ...(es ? { es } : {}), ...(ro ? { ro } : {}) }, ...common(form) };
  return unwrap(api.POST('/api/v1/admin/articles', { body }));
}

function update(article: AdminArticle, form: FormData) {
  const texts: NonNullable<PatchBody['texts']> = { en: textOf(form, 'en') ?? article.texts.en };
  for (const language of ['es', 'ro'] as const) {
    const text = textOf(form, language);
    // Emptied: the translation goes, and readers get the English text.
    if (text) texts[language] = text;
    else if (article.texts[language]) texts[language] = null;
  }
  return unwrap(api.PATCH('/api/v1/admin/articles/{slug}', { params: { path: { slug: article.slug } }, body: { texts, ...common(form) } }));
}
