/**
 * The body format of help articles: plain paragraphs with a little Markdown, parsed into a tree
 * the pages render as React elements, so an article can never carry HTML or script.
 *
 * - a blank line separates blocks; lines within a paragraph join with spaces;
 * - `## Heading` on a block's first line is a subheading;
 * - lines starting with `- ` (or `* `) form a bulleted list, `1. ` a numbered one;
 * - `**bold**`, and `[text](target)` links whose target is https:, http:, mailto:, tel: or a path
 *   on this site (`/contact/passport`); any other target leaves the text without a link.
 */
export type Inline = { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'heading'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

const BULLET = /^[-*]\s+/;
const NUMBERED = /^\d{1,3}[.)]\s+/;
const HEADING = /^##\s+/;
const INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;
const SAFE_TARGET = /^(?:https?:\/\/[^\s/]|mailto:[^\s]|tel:[+\d(]|\/(?!\/))/i;

export function isSafeLinkTarget(target: string): boolean {
  return SAFE_TARGET.test(target);
}

export function parseArticleBody(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (lines.length === 0) continue;
    const first = lines[0] ?? '';
    if (HEADING.test(first)) {
      blocks.push({ kind: 'heading', content: parseInline(first.replace(HEADING, '')) });
      lines.shift();
      if (lines.length === 0) continue;
    }
    const marker = BULLET.test(lines[0] ?? '') ? BULLET : NUMBERED.test(lines[0] ?? '') ? NUMBERED : null;
    if (marker) blocks.push({ kind: 'list', ordered: marker === NUMBERED, items: listItems(lines, marker).map(parseInline) });
    else blocks.push({ kind: 'paragraph', content: parseInline(lines.join(' ')) });
  }
  return blocks;
}

/** Items start at a marker; a line without one continues the item before it. */
function listItems(lines: string[], marker: RegExp): string[] {
  const items: string[] = [];
  for (const line of lines) {
    if (marker.test(line) || items.length === 0) items.push(line.replace(marker, ''));
    else items[items.length - 1] += ` ${line}`;
  }
  return items;
}

export function parseInline(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const [, strong, label, target] = match;
    if (strong !== undefined) parts.push({ kind: 'strong', text: strong });
    else if (label !== undefined && target !== undefined) {
      parts.push(isSafeLinkTarget(target) ? { kind: 'link', text: label, href: target } : { kind: 'text', text: label });
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Link targets an editor wrote that would not become links (e.g. `javascript:`), to refuse on save. */
export function findUnsafeLinks(body: string): string[] {
  return [...body.matchAll(INLINE)].map((match) => match[3]).filter((target): target is string => target !== undefined && !isSafeLinkTarget(target));
}

/** The words a reader sees, for the search index: markup and link targets gone. */
export function plainTextOf(body: string): string {
  const inline = (content: Inline[]) => content.map((part) => part.text).join('');
  return parseArticleBody(body)
    .map((block) => (block.kind === 'list' ? block.items.map(inline).join('\n') : inline(block.content)))
    .join('\n\n');
}
