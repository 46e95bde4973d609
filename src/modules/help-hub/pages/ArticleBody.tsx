import { parseArticleBody, type Inline } from '../../knowledge/index.js';

/**
 * An article's body as elements: the markup is parsed into a tree (no HTML passes through), and
 * React escapes every text and link target; only https:, http:, mailto:, tel: and our own paths
 * ever become links.
 */
export function ArticleBody({ body }: { body: string }) {
  return (
    <>
      {parseArticleBody(body).map((block, index) => {
        const key = `${block.kind}-${index}`;
        switch (block.kind) {
          case 'heading': return <h2 key={key}><Inlines content={block.content} /></h2>;
          case 'paragraph': return <p key={key}><Inlines content={block.content} /></p>;
          case 'list': {
            const items = block.items.map((item, i) => <li key={i}><Inlines content={item} /></li>);
            return block.ordered ? <ol key={key} className="list-number">{items}</ol> : <ul key={key} className="list-bullet">{items}</ul>;
          }
        }
      })}
    </>
  );
}

function Inlines({ content }: { content: Inline[] }) {
  return (
    <>
      {content.map((part, index) => {
        if (part.kind === 'strong') return <strong key={index}><Inlines content={part.content} /></strong>;
        if (part.kind === 'link') return <a key={index} href={part.href}>{part.text}</a>;
        return part.text;
      })}
    </>
  );
}
