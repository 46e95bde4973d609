import { CSRF_FIELD } from '../hub-cookies.js';
import { format } from '../i18n.js';
import type { CustomerCaseSummary } from '../status-lookup.service.js';
import { Layout, type PageContext } from './Layout.js';

/** A case row as the page prints it: dates already in the customer's language and our time zone. */
export type DashboardCase = Pick<CustomerCaseSummary, 'caseNumber' | 'subject' | 'status'> & { topicName: string; created: string; expected: string };

type DashboardProps = PageContext & {
  customer: { name: string; email: string };
  cases: DashboardCase[];
  notice: string | null;
  csrfToken: string;
};

/** `/account`: every case of the signed-in customer, help sections, and sign-out. */
export function DashboardPage(props: DashboardProps) {
  const { t, cases } = props;
  const a = t.account.dashboard;
  return (
    <Layout {...props} title={a.title}>
      {props.notice && <div className="panel" role="status"><p>{props.notice}</p></div>}
      <h1>{a.title}</h1>
      <p>{format(a.signedInAs, { name: props.customer.name, email: props.customer.email })}</p>
      <p>{a.faster}</p>
      <h2>{a.casesHeading}</h2>
      {cases.length === 0 ? <p>{a.noCases}</p> : (
        <div className="table-wrapper">
          <table className="table">
            <caption className="visually-hidden">{a.casesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{a.caseNumber}</th>
                <th scope="col">{a.subject}</th>
                <th scope="col">{a.topic}</th>
                <th scope="col">{a.status}</th>
                <th scope="col">{a.created}</th>
                <th scope="col">{a.expected}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.caseNumber}>
                  <td><a href={`/account/cases/${encodeURIComponent(c.caseNumber)}`} className="case-link">{c.caseNumber}</a></td>
                  <td className="wrap">{c.subject}</td>
                  <td>{c.topicName}</td>
                  <td><strong className={`tag tag-${c.status}`}>{t.status.statuses[c.status]}</strong></td>
                  <td>{c.created}</td>
                  <td>{c.expected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p><a href="/">{a.newMessage}</a></p>
      <h2>{a.helpHeading}</h2>
      <ul className="list-links">
        <li><a href="/account/help/informed-delivery">{t.account.help.informedDelivery.linkText}</a></li>
      </ul>
      <h2>{a.signOutHeading}</h2>
      <form method="post" action="/account/sign-out">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <button type="submit" className="button button-secondary">{a.signOutButton}</button>
      </form>
    </Layout>
  );
}
