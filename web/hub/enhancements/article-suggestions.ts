/**
 * As the customer describes their matter on a contact form, the "Articles that may help" panel
 * (rendered by the server with the topic's first articles) follows what they write: after a
 * pause in typing, once there are a few words, it asks /api/v1/help/suggestions and shows what
 * fits best. A short sentence in a polite live region says that the list changed; the list itself
 * is not read out on every pause. Without this script the panel simply keeps the topic's articles.
 */
const DEBOUNCE_MS = 300;
const MIN_CHARACTERS = 10;
const MIN_WORDS = 3;
/** The endpoint's limit (MAX_QUERY_LENGTH): a description's opening states the matter. */
const MAX_QUERY = 500;

type Suggestion = { slug: string; title: string; summary: string; url: string; lang: string };

export default function enhanceArticleSuggestions(document: Document): void {
  const panel = document.querySelector<HTMLElement>('[data-article-suggestions]');
  const description = document.querySelector<HTMLTextAreaElement>('textarea#description');
  const list = panel?.querySelector<HTMLElement>('[data-suggestion-list]');
  const status = panel?.querySelector<HTMLElement>('[data-suggestion-status]');
  if (!panel || !description || !list || !status) return;
  const { endpoint = '', topic = '', locale = 'en', visit = '', statusTemplate = '' } = panel.dataset;
  const initial = { items: [...list.children].map((item) => item.cloneNode(true)), hidden: panel.hidden, key: keyOf(list) };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  // After a failed submit the server already matched the description typed so far.
  let lastQuery = queryOf(description.value);

  const show = (items: Node[], hidden: boolean) => {
    const before = keyOf(list);
    list.replaceChildren(...items);
    panel.hidden = hidden;
    if (keyOf(list) !== before) status.textContent = statusTemplate.replace('{{count}}', String(items.length));
  };

  const update = async () => {
    const query = queryOf(description.value);
    if (query === lastQuery) return;
    lastQuery = query;
    inFlight?.abort();
    if (!query) {
      show(initial.items.map((item) => item.cloneNode(true)), initial.hidden);
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    const url = new URL(endpoint, window.location.origin);
    url.search = new URLSearchParams({ q: query, topic, locale, ...(visit ? { visit } : {}) }).toString();
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return; // rate-limited or failing: keep what is shown, the form works regardless
      const body = (await response.json()) as { suggestions?: Suggestion[] };
      const suggestions = (body.suggestions ?? []).filter((s) => s.url.startsWith('/help/'));
      show(suggestions.map((s) => itemFor(document, s, locale)), suggestions.length === 0);
    } catch {
      // Aborted by newer typing, or offline: the panel keeps its last list.
    }
  };

  description.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), DEBOUNCE_MS);
  });
}

/** What to ask about: the description once it has a few words, else nothing (the topic's list). */
function queryOf(value: string): string {
  const text = value.trim().slice(0, MAX_QUERY);
  return text.length >= MIN_CHARACTERS && text.split(/\s+/u).length >= MIN_WORDS ? text : '';
}

function itemFor(document: Document, suggestion: Suggestion, locale: string): HTMLLIElement {
  const item = document.createElement('li');
  if (suggestion.lang !== locale) item.lang = suggestion.lang;
  const link = document.createElement('a');
  link.href = suggestion.url;
  link.textContent = suggestion.title;
  const summary = document.createElement('p');
  summary.className = 'hint';
  summary.textContent = suggestion.summary;
  item.append(link, summary);
  return item;
}

/** The links listed, to tell whether an answer changed anything worth announcing. */
function keyOf(list: HTMLElement): string {
  return [...list.querySelectorAll('a')].map((a) => a.getAttribute('href')).join(' ');
}
