import type { LocalizedArticle } from '../../knowledge/index.js';
import type { PublicTopic } from '../../topics/topics.service.js';
import { CSRF_FIELD } from '../hub-cookies.js';
import { format } from '../i18n.js';
import { ArticleBody } from './ArticleBody.js';
import { Layout, type PageContext } from './Layout.js';

type IndexProps = PageContext & { articles: LocalizedArticle[]; topics: PublicTopic[]; query: string; results: LocalizedArticle[] | null };

/** `GET /help`: a search box, its results, and every published article under its topics. */
export function HelpIndexPage(props: IndexProps) {
  const { t, articles, topics, query, results } = props;
  const groups = topics
    .map((topic) => ({ id: topic.slug, name: topic.name, articles: articles.filter((a) => a.topics.includes(topic.slug)) }))
    .filter((group) => group.articles.length > 0);
  const listed = new Set(groups.flatMap((group) => group.articles.map((a) => a.slug)));
  const others = articles.filter((a) => !listed.has(a.slug));
  if (others.length > 0) groups.push({ id: 'other', name: t.helpArticles.otherHeading, articles: others });
  return (
    <Layout {...props} title={t.helpArticles.indexTitle}>
      <a className="back-link" href="/">{t.meta.backToHub}</a>
      <h1>{t.helpArticles.indexTitle}</h1>
      <p className="lead">{t.helpArticles.indexIntro}</p>
      <SearchForm t={t} query={query} />
      {results && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{format(t.helpArticles.resultsHeading, { query })}</h2>
          {results.length === 0 ? <p>{format(t.helpArticles.noResults, { query })}</p> : <ArticleList articles={results} locale={props.locale} />}
        </section>
      )}
      <h2>{t.helpArticles.byTopicHeading}</h2>
      {groups.length === 0 && <p>{t.helpArticles.noArticles}</p>}
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`topic-${group.id}`}>
          <h3 id={`topic-${group.id}`}>{group.name}</h3>
          <ArticleList articles={group.articles} locale={props.locale} />
        </section>
      ))}
      <p><a href="/">{t.helpArticles.contactUs}</a></p>
    </Layout>
  );
}

/** A GET form: works without script, and the results page can be bookmarked. */
export function SearchForm({ t, query }: Pick<PageContext, 't'> & { query: string }) {
  return (
    <form method="get" action="/help" role="search" className="search-form">
      <div className="form-group">
        <label className="label" htmlFor="help-search">{t.helpArticles.searchLabel}</label>
        <div id="help-search-hint" className="hint">{t.helpArticles.searchHint}</div>
        <div className="search-row">
          <input id="help-search" name="q" type="search" className="input" defaultValue={query} maxLength={200} aria-describedby="help-search-hint" />
          <button type="submit" className="button">{t.helpArticles.searchButton}</button>
        </div>
      </div>
    </form>
  );
}

function ArticleList({ articles, locale }: { articles: LocalizedArticle[]; locale: string }) {
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.slug} lang={article.language === locale ? undefined : article.language}>
          <a href={`/help/${encodeURIComponent(article.slug)}`}>{article.title}</a>
          <p className="hint">{article.summary}</p>
        </li>
      ))}
    </ul>
  );
}

type ArticleProps = PageContext & {
  article: LocalizedArticle;
  topics: PublicTopic[];
  csrfToken: string;
  /** The contact form visit the reader came from (suggestion links carry it), so the answer counts for it. */
  fromVisit: string | null;
  answered: boolean;
};

/** `GET /help/:slug`: the article, "Did this answer your question?", and where to ask if it did not. */
export function ArticlePage(props: ArticleProps) {
  const { t, article, locale, topics, answered } = props;
  const isFallback = article.language !== locale;
  const related = topics.filter((topic) => article.topics.includes(topic.slug));
  return (
    <Layout {...props} title={article.title}>
      <a className="back-link" href="/help">{t.helpArticles.backToArticles}</a>
      {answered && <div className="notification-success" role="status"><p>{t.helpArticles.thanks}</p></div>}
      {isFallback && <p className="hint">{t.helpArticles.inEnglishNotice}</p>}
      <article lang={isFallback ? article.language : undefined} className="article">
        <h1>{article.title}</h1>
        <p className="lead">{article.summary}</p>
        <ArticleBody body={article.body} />
      </article>
      {!answered && <FeedbackForm {...props} />}
      <section aria-labelledby="still-need-help">
        <h2 id="still-need-help">{t.helpArticles.stillNeedHelp}</h2>
        <ul className="list-bullet">
          {related.map((topic) => (
            <li key={topic.slug}><a href={`/contact/${encodeURIComponent(topic.slug)}`}>{format(t.helpArticles.contactAbout, { topic: topic.name })}</a></li>
          ))}
          <li><a href="/">{t.meta.backToHub}</a></li>
        </ul>
      </section>
    </Layout>
  );
}

function FeedbackForm({ t, article, csrfToken, fromVisit }: ArticleProps) {
  return (
    <form method="post" action={`/help/${encodeURIComponent(article.slug)}/feedback`} className="feedback">
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      {fromVisit && <input type="hidden" name="from" value={fromVisit} />}
      <fieldset className="fieldset">
        <legend className="legend">{t.helpArticles.feedbackLegend}</legend>
        <div className="button-group">
          <button type="submit" name="answer" value="yes" className="button">{t.helpArticles.feedbackYes}</button>
          <button type="submit" name="answer" value="no" className="button button-secondary">{t.helpArticles.feedbackNo}</button>
        </div>
      </fieldset>
    </form>
  );
}
