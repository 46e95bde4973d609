import type { ArticleTexts } from './article.js';
import { DEFAULT_ARTICLES_EN } from './default-articles.en.js';
import { DEFAULT_ARTICLES_ES } from './default-articles.es.js';
import { DEFAULT_ARTICLES_RO } from './default-articles.ro.js';

/**
 * The articles seeded on first start (and by `npx postdesk seed`), in list order, with the topics
 * they answer. Seeding adds only the ones never added before: admins' edits and deletions stay.
 * Texts live in one file per language (default-articles.<lang>.ts), typed by these slugs, so a
 * missing translation fails the type check.
 */
const DEFAULT_ARTICLE_TOPICS = {
  'where-is-my-package': ['tracking', 'missing-package'],
  'delivered-but-not-received': ['missing-package', 'delivery-problem', 'feedback-complaint'],
  'missing-mail-search': ['missing-package', 'delivery-problem'],
  'priority-mail-express-refund': ['refund-claim'],
  'insurance-claim': ['refund-claim', 'missing-package'],
  'damaged-item': ['refund-claim', 'delivery-problem', 'feedback-complaint'],
  'change-of-address': ['address-change-hold'],
  'hold-mail': ['address-change-hold'],
  'vacation-mail': ['address-change-hold'],
  'informed-delivery': ['informed-delivery'],
  redelivery: ['delivery-problem', 'tracking'],
  'package-intercept': ['tracking', 'delivery-problem', 'address-change-hold'],
  'po-box': ['general-question'],
  'passport-appointments-urgent-travel': ['passport'],
  'lost-passport-application': ['passport'],
  'customs-delays': ['tracking', 'missing-package'],
  'international-prohibited-items': ['general-question'],
  'stamps-and-postage-prices': ['general-question'],
  'certified-mail-return-receipt': ['general-question', 'tracking'],
  'delivery-fee-scam-texts': ['general-question', 'tracking', 'feedback-complaint'],
} as const;

export type DefaultArticleSlug = keyof typeof DEFAULT_ARTICLE_TOPICS;

export type DefaultArticle = { slug: DefaultArticleSlug; topics: string[]; texts: ArticleTexts };

export const DEFAULT_ARTICLES: DefaultArticle[] = (Object.keys(DEFAULT_ARTICLE_TOPICS) as DefaultArticleSlug[]).map((slug) => ({
  slug,
  topics: [...DEFAULT_ARTICLE_TOPICS[slug]],
  texts: { en: DEFAULT_ARTICLES_EN[slug], es: DEFAULT_ARTICLES_ES[slug], ro: DEFAULT_ARTICLES_RO[slug] },
}));
