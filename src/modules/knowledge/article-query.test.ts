import { describe, expect, it } from 'vitest';
import { keepRelevant, MAX_QUERY_TERMS, toArticleMatchExpression, toFts5ArticleMatch } from './article-query.js';

const fts5Of = (...args: Parameters<typeof toArticleMatchExpression>) => {
  const expression = toArticleMatchExpression(...args);
  return expression && toFts5ArticleMatch(expression);
};

describe('toArticleMatchExpression', () => {
  it.each<[string, 'en' | 'es' | 'ro', boolean, string | null]>([
    ['package marked delivered but not received', 'en', false, '"package" OR "marked" OR "delivered" OR "received"'],
    ['Where is my packa', 'en', true, '"packa"*'],
    ['Where is my package ', 'en', true, '"package"'],
    ['Paquete ENTREGADO, envío', 'es', false, '"paquete" OR "entregado" OR "envio"'],
    ['Coletul nu a ajuns, pașaportul', 'ro', false, '"coletul" OR "ajuns" OR "pasaportul"'],
    ['say "bye" NEAR(a b) -refund *', 'en', false, '"say" OR "bye" OR "near" OR "refund"'],
    ['parcel parcel Parcel', 'en', false, '"parcel"'],
    ['7 days', 'en', false, '"7" OR "days"'],
    ['I have a question about the', 'en', true, null],
    ['" * - : ( )', 'en', false, null],
    ['', 'en', true, null],
  ])('%j (%s, prefix %s) → %j', (input, language, prefixLast, expected) => {
    expect(fts5Of(input, language, { prefixLast })).toBe(expected);
  });

  it('keeps at most MAX_QUERY_TERMS words', () => {
    const input = Array.from({ length: MAX_QUERY_TERMS + 10 }, (_, i) => `word${'x'.repeat(i)}`).join(' ');
    expect(toArticleMatchExpression(input, 'en')?.words).toHaveLength(MAX_QUERY_TERMS);
  });
});

describe('keepRelevant', () => {
  it('drops matches far below the best of their language, and matches on common words only', () => {
    const matches = [
      { id: 'a', language: 'es', relevance: 10 }, { id: 'b', language: 'es', relevance: 3.5 }, { id: 'c', language: 'es', relevance: 2 },
      { id: 'd', language: 'en', relevance: 1 }, { id: 'e', language: 'en', relevance: 0.2 },
    ];
    expect(keepRelevant(matches).map((m) => m.id)).toEqual(['a', 'b', 'd']);
  });
});
