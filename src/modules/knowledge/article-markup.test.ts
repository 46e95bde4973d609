import { describe, expect, it } from 'vitest';
import { findUnsafeLinks, parseArticleBody, parseInline, plainTextOf } from './article-markup.js';

describe('article markup', () => {
  it('reads paragraphs, a subheading, bulleted and numbered lists', () => {
    const body = 'First line\nsame paragraph.\n\n## Check first\n1. Wait a day.\n2. Ask the\nneighbours.\n\n- one\n* two';
    expect(parseArticleBody(body)).toEqual([
      { kind: 'paragraph', content: [{ kind: 'text', text: 'First line same paragraph.' }] },
      { kind: 'heading', content: [{ kind: 'text', text: 'Check first' }] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'Wait a day.' }], [{ kind: 'text', text: 'Ask the neighbours.' }]] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]] },
    ]);
  });

  it.each<[string, unknown[]]>([
    ['Call **1-877-487-2778** now', [{ kind: 'text', text: 'Call ' }, { kind: 'strong', content: [{ kind: 'text', text: '1-877-487-2778' }] }, { kind: 'text', text: ' now' }]],
    ['**[1-877](tel:+1877)** now', [{ kind: 'strong', content: [{ kind: 'link', text: '1-877', href: 'tel:+1877' }] }, { kind: 'text', text: ' now' }]],
    ['[form](/contact/passport)', [{ kind: 'link', text: 'form', href: '/contact/passport' }]],
    ['[USPS](https://www.usps.com/help/claims.htm).', [{ kind: 'link', text: 'USPS', href: 'https://www.usps.com/help/claims.htm' }, { kind: 'text', text: '.' }]],
    ['[call](tel:+18774872778)', [{ kind: 'link', text: 'call', href: 'tel:+18774872778' }]],
    ['[mail](mailto:spam@uspis.gov)', [{ kind: 'link', text: 'mail', href: 'mailto:spam@uspis.gov' }]],
    ['[x](javascript:alert(1))', [{ kind: 'text', text: 'x' }, { kind: 'text', text: ')' }]],
    ['[x](//evil.example/path)', [{ kind: 'text', text: 'x' }]],
    ['[x](data:text/html,hi)', [{ kind: 'text', text: 'x' }]],
    ['<script>alert(1)</script>', [{ kind: 'text', text: '<script>alert(1)</script>' }]],
    ['** not bold', [{ kind: 'text', text: '** not bold' }]],
  ])('%j', (input, expected) => {
    expect(parseInline(input)).toEqual(expected);
  });

  it('names the link targets an editor must fix', () => {
    expect(findUnsafeLinks('[a](https://ok.example) [b](javascript:void) [c](/help) [d](vbscript:x)')).toEqual(['javascript:void', 'vbscript:x']);
  });

  it('gives the words a reader sees, without markup or link targets', () => {
    expect(plainTextOf('## Tip\n- Visit **your** [Post Office](https://www.usps.com/locator)\n- Bring **[ID](/help/id)**')).toBe('Tip\n\nVisit your Post Office\nBring ID');
  });
});
