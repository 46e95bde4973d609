import { format } from '../i18n.js';
import type { SentCase } from '../hub-cookies.js';
import { Layout, type PageContext } from './Layout.js';

type ConfirmationProps = PageContext & { sent: SentCase; expectedDate: string };

/** After a successful submission: the case number, the expected reply date, and what happens next. */
export function ConfirmationPage(props: ConfirmationProps) {
  const { t, sent, expectedDate } = props;
  return (
    <Layout {...props} title={t.confirmation.title}>
      <div className="confirmation-panel">
        <h1>{t.confirmation.title}</h1>
        <p>
          {t.confirmation.caseNumberLabel}
          <br />
          <strong className="case-number">{sent.caseNumber}</strong>
        </p>
      </div>
      <p>{format(t.confirmation.expectedReply, { date: expectedDate })}</p>
      {sent.guidance && (
        <div className="panel panel-warning" role="note" aria-labelledby="guidance-heading">
          <h2 id="guidance-heading">{t.confirmation.guidanceHeading}</h2>
          {sent.guidance.split('\n\n').map((paragraph) => <p key={paragraph}>{paragraph}</p>)}
        </div>
      )}
      <h2>{t.confirmation.nextHeading}</h2>
      <ul className="list-bullet">
        <li>{t.confirmation.nextEmail}</li>
        <li>{t.confirmation.nextReply}</li>
        <li>{t.confirmation.nextAdd}</li>
      </ul>
      {props.signedIn ? <p><a href="/account">{t.account.confirmation.seeCases}</a></p> : (
        <div className="panel">
          <h2>{t.account.confirmation.suggestHeading}</h2>
          <p>{t.account.confirmation.suggestBody}</p>
          <p><a href="/account/sign-up">{t.account.confirmation.suggestLink}</a></p>
        </div>
      )}
      <p><a href="/">{t.meta.backToHub}</a></p>
    </Layout>
  );
}

type ProblemProps = PageContext & { title: string; body: string; back?: { href: string; label: string } };

/** A plain page for what went wrong and what to do next (expired form, too many messages, not found). */
export function ProblemPage(props: ProblemProps) {
  const { title, body, back, t } = props;
  return (
    <Layout {...props} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>{back ? <a href={back.href}>{back.label}</a> : <a href="/">{t.meta.backToHub}</a>}</p>
    </Layout>
  );
}
