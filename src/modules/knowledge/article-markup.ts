/**
 * The body format of help articles: plain paragraphs with a little Markdown, parsed into a tree
 * the pages render as React elements, so an article can never carry HTML or script.
 *
 * - a blank line separates blocks; lines within a paragraph join with spaces;
 * - `## Heading` on a block's first line is a subheading;
 * - lines starting with `- ` (or `* `) form a bulleted list, `1. ` a numbered one;
 * - `**bold**` (which may hold a link), and `[text](target)` links whose target is https:, http:,
 *   mailto:, tel: or a path on this site (`/contact/passport`); any other target leaves the text
 *   without a link.
 */
export type Link = { kind: 'link'; text: string; href: string };
export type Inline = { kind: 'text'; text: string } | Link | { kind: 'strong'; content: (Link | { kind: 'text'; text: string })[] };

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'heading'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

const BULLET = /^[-*]\s+/;
const NUMBERED = /^\d{1,3}[.)]\s+/;
const HEADING = /^##\s+/;
const STRONG = /\*\*([^*\n]+?)\*\*/g;
const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
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
  return splitBy<Inline>(text, STRONG, (match) => [{ kind: 'strong', content: parseLinks(match[1] ?? '') }], parseLinks);
}

function parseLinks(text: string): (Link | { kind: 'text'; text: string })[] {
  return splitBy<Link | { kind: 'text'; text: string }>(text, LINK, ([, label = '', target = '']) => [isSafeLinkTarget(target) ? { kind: 'link', text: label, href: target } : { kind: 'text', text: label }],
    (plain) => [{ kind: 'text', text: plain }]);
}

/** The pieces of `text`: each match of `pattern` made by `onMatch`, the text between by `between`. */
function splitBy<T>(text: string, pattern: RegExp, onMatch: (match: RegExpExecArray) => T[], between: (text: string) => T[]): T[] {
  const parts: T[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push(...between(text.slice(last, match.index)));
    parts.push(...onMatch(match));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(...between(text.slice(last)));
  return parts;
}

/** Link targets an editor wrote that would not become links (e.g. `javascript:`), to refuse on save. */
export function findUnsafeLinks(body: string): string[] {
  return [...body.matchAll(LINK)].map((match) => match[2]).filter((target): target is string => target !== undefined && !isSafeLinkTarget(target));
}

/** The words a reader sees, for the search index: markup and link targets gone. */
export function plainTextOf(body: string): string {
  const inline = (content: Inline[]): string => content.map((part) => (part.kind === 'strong' ? inline(part.content) : part.text)).join('');
  return parseArticleBody(body)
    .map((block) => (block.kind === 'list' ? block.items.map(inline).join('\n') : inline(block.content)))
    .join('\n\n');
}
