import { useState } from 'react';
import type { CaseDetail, CaseEvent, CaseMessage } from '../../api/types';
import { capitalize, formatDateTime } from '../../app/format';
import { describeEvent } from './event-text';

type Entry = { kind: 'message'; at: string; message: CaseMessage } | { kind: 'event'; at: string; event: CaseEvent };

// Events that only repeat what a message entry already shows.
const SHOWN_AS_MESSAGE = new Set(['note.added', 'case.replied', 'message.received', 'call.logged']);

/** The whole thread in order: customer and agent messages, internal notes, and the system timeline. */
export function Thread({ detail }: { detail: CaseDetail }) {
  const entries: Entry[] = [
    ...detail.messages.map((message): Entry => ({ kind: 'message', at: message.createdAt, message })),
    ...detail.events.filter((e) => !SHOWN_AS_MESSAGE.has(e.type)).map((event): Entry => ({ kind: 'event', at: event.createdAt, event })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="thread" aria-label="Thread">
      {entries.map((entry, index) =>
        entry.kind === 'message'
          ? <MessageEntry key={entry.message.id} message={entry.message} customerName={detail.customer.name} />
          : <li key={`e${index}`} className="event"><span>{describeEvent(entry.event)}</span> <time dateTime={entry.at}>{formatDateTime(entry.at)}</time></li>,
      )}
    </ol>
  );
}

function authorLabel(message: CaseMessage, customerName: string): string {
  if (message.author.type === 'customer') return customerName || message.senderEmail || 'Customer';
  if (message.author.type === 'agent') return message.author.name ?? 'Agent';
  return 'Postdesk';
}

const FLAG_TEXT: Record<string, string> = {
  unprovenClaim: 'This message names a case its sender could not prove is theirs. Check before sharing anything.',
  differentSender: 'Sent from an address other than the customer’s.',
  automatic: 'Automatic mail (auto-reply or notification).',
  unparsable: 'The email could not be fully read; the raw message is kept.',
  blockedRemoteImages: 'Remote images were blocked.',
};

function MessageEntry({ message, customerName }: { message: CaseMessage; customerName: string }) {
  const [showQuoted, setShowQuoted] = useState(false);
  const [showHtml, setShowHtml] = useState(false);
  const kind = message.direction === 'internal' ? 'note' : message.direction;
  const hasQuoted = Boolean(message.fullText && message.fullText.trim() !== message.text.trim());
  const flags = Object.entries(message.flags ?? {}).filter(([, on]) => on).map(([flag]) => FLAG_TEXT[flag] ?? flag);
  const heading = message.channel === 'phone' ? 'Phone call' : kind === 'note' ? 'Internal note' : kind === 'outbound' ? 'Reply' : 'Message';
  return (
    <li className={`message ${kind}`}>
      <article aria-label={`${heading} from ${authorLabel(message, customerName)}`}>
        <header>
          <strong>{authorLabel(message, customerName)}</strong>
          <span className="muted"> · {heading} · {capitalize(message.channel)}</span>
          <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        </header>
        {message.subject && <p className="subject">{message.subject}</p>}
        {flags.map((flag) => <p key={flag} className="flag" role="note">{flag}</p>)}
        <div className="body">{showQuoted && message.fullText ? message.fullText : message.text}</div>
        {showHtml && message.html && (
          // A sandbox without allow-scripts or allow-same-origin: even sanitised mail HTML gets no powers here.
          <iframe className="html-view" title={`Formatted ${heading.toLowerCase()}`} sandbox="" srcDoc={message.html} />
        )}
        <div className="message-tools">
          {hasQuoted && (
            <button type="button" className="link" aria-expanded={showQuoted} onClick={() => setShowQuoted(!showQuoted)}>
              {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
            </button>
          )}
          {message.html && (
            <button type="button" className="link" aria-expanded={showHtml} onClick={() => setShowHtml(!showHtml)}>
              {showHtml ? 'Hide formatted email' : 'Show formatted email'}
            </button>
          )}
        </div>
        {message.attachments.length > 0 && (
          <ul className="attachments" aria-label="Attachments">
            {message.attachments.map((a) => (
              <li key={a.id}><a href={a.url} download={a.filename}>{a.filename}</a> <span className="muted">({Math.ceil(a.size / 1024)} KB, {a.contentType})</span></li>
            ))}
          </ul>
        )}
      </article>
    </li>
  );
}
