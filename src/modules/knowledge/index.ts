export { ARTICLE_LANGUAGES, isArticleLanguage, type Article, type ArticleLanguage, type LocalizedArticle } from './article.js';
export { parseArticleBody, type Block, type Inline } from './article-markup.js';
export { MAX_QUERY_LENGTH } from './article-query.js';
export { createArticleAdminService, type ArticleAdminService } from './article-admin.service.js';
export {
  createHelpArticleService, isVisitId, MAX_SUGGESTIONS, type ArticleSuggestion, type HelpArticleService,
} from './help-articles.service.js';
export { articleLanguageOf, registerKnowledgeRoutes } from './knowledge.routes.js';
