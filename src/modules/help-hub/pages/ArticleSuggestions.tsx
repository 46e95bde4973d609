import type { ArticleSuggestion } from '../../knowledge/index.js';
import type { PageContext } from './Layout.js';

type SuggestionsProps = Pick<PageContext, 't' | 'locale'> & { suggestions: ArticleSuggestion[]; topic: string; visitId: string };

/**
 * "Articles that may help" on a contact form: the topic's first articles (or, after a failed
 * submit, matches for the description) rendered by the server; web/hub/enhancements/
 * article-suggestions.ts refreshes the list as the description is typed, reading its endpoint,
 * topic, visit and the status sentence from the data attributes here. Hidden while empty.
 */
export function ArticleSuggestions({ t, locale, suggestions, topic, visitId }: SuggestionsProps) {
  return (
    <section
      className="panel" aria-labelledby="suggestions-heading" hidden={suggestions.length === 0}
      data-article-suggestions="" data-endpoint="/api/v1/help/suggestions" data-topic={topic} data-locale={locale} data-visit={visitId}
      data-status-template={t.helpArticles.suggestionsStatus}
    >
      <h2 id="suggestions-heading">{t.helpArticles.suggestionsHeading}</h2>
      <p>{t.helpArticles.suggestionsIntro}</p>
      <ul className="suggestion-list" data-suggestion-list="">
        {suggestions.map((suggestion) => (
          <li key={suggestion.slug} lang={suggestion.language === locale ? undefined : suggestion.language}>
            <a href={suggestion.url}>{suggestion.title}</a>
            <p className="hint">{suggestion.summary}</p>
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite" data-suggestion-status="" />
    </section>
  );
}
