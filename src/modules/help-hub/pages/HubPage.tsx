import { WEEKDAYS, type ContactSettings } from '../../settings/settings.js';
import type { PublicTopic } from '../../topics/topics.service.js';
import type { ChatEntry } from '../chat-entry.js';
import { format } from '../i18n.js';
import { Layout, type PageContext } from './Layout.js';
import { SearchForm } from './HelpArticlePages.js';


type HubProps = PageContext & { contact: ContactSettings; topics: PublicTopic[]; chat: ChatEntry | null };

/** `GET /`: every way to get help, the matters email is wrong for, and the topic picker. */
export function HubPage(props: HubProps) {
  const { t, contact, topics } = props;
  return (
    <Layout {...props} title={t.hub.title}>
      <h1>{t.hub.title}</h1>
      <p className="lead">{t.hub.intro}</p>
      <section aria-labelledby="articles-heading" className="help-articles-teaser">
        <h2 id="articles-heading">{t.helpArticles.hubHeading}</h2>
        <p>{t.helpArticles.hubIntro}</p>
        <SearchForm t={t} query="" />
        <p><a href="/help">{t.helpArticles.hubLink}</a></p>
      </section>
      <div className="columns">
        <section aria-labelledby="topics-heading" className="column-main">
          <h2 id="topics-heading">{t.hub.topicsHeading}</h2>
          {topics.length === 0 ? <p>{t.hub.noTopics}</p> : (
            <>
              <p>{t.hub.topicsIntro}</p>
              <ul className="topic-list">
                {topics.map((topic) => (
                  <li key={topic.slug}><a href={`/contact/${encodeURIComponent(topic.slug)}`}>{topic.name}</a></li>
                ))}
              </ul>
            </>
          )}
        </section>
        <div className="column-side">
          {props.chat && <ChatPanel t={t} chat={props.chat} />}
          {contact.phones.length > 0 && <PhonePanel {...props} />}
          <section aria-labelledby="not-email-heading" className="panel panel-warning">
            <h2 id="not-email-heading">{t.hub.notEmailHeading}</h2>
            <p>{t.hub.notEmailIntro}</p>
            <ul>
              <li>{t.hub.notEmailPassport}</li>
              <li>{t.hub.notEmailExpress}</li>
              <li>{t.hub.notEmailCompliance}</li>
            </ul>
          </section>
        </div>
      </div>
    </Layout>
  );
}

/** Offered only while someone can answer: a chat link that leads to "closed" wastes the customer's time. */
function ChatPanel({ t, chat }: { t: HubProps['t']; chat: ChatEntry }) {
  return (
    <section aria-labelledby="chat-heading" className="panel">
      <h2 id="chat-heading">{t.hub.chatHeading}</h2>
      <p>{chat.waitMinutes === null ? t.hub.chatIntro : format(t.hub.chatWait, { minutes: String(chat.waitMinutes) })}</p>
      <p><a className="button" href={chat.href}>{t.hub.chatStart}</a></p>
    </section>
  );
}

/** Shown only when an admin configured numbers: an empty "Call us" box helps nobody. */
function PhonePanel({ t, contact }: HubProps) {
  const days = WEEKDAYS.map((day) => ({ day, ranges: contact.openingHours[day] ?? [] }));
  const anyHours = days.some((d) => d.ranges.length > 0);
  return (
    <section aria-labelledby="phone-heading" className="panel">
      <h2 id="phone-heading">{t.hub.phoneHeading}</h2>
      <p>{t.hub.phoneIntro}</p>
      <ul className="phones">
        {contact.phones.map((phone) => (
          <li key={`${phone.label}${phone.number}`}>
            {phone.label}: <a href={`tel:${phone.number.replace(/[^+0-9]/g, '')}`}>{phone.number}</a>
          </li>
        ))}
      </ul>
      <h3>{t.hub.hoursHeading}</h3>
      {anyHours ? (
        <dl className="hours">
          {days.map(({ day, ranges }) => (
            <div key={day}>
              <dt>{t.days[day]}</dt>
              <dd>{ranges.length === 0 ? t.hub.closed : ranges.map((r) => `${r.open}–${r.close}`).join(', ')}</dd>
            </div>
          ))}
        </dl>
      ) : <p>{t.hub.noHours}</p>}
    </section>
  );
}
