import { CSRF_FIELD } from '../hub-cookies.js';
import { format } from '../i18n.js';
import type { CustomerCaseView } from '../status-lookup.service.js';
import { ATTACHMENT_LIMITS } from '../../cases/uploads.js';
import { FileField, TextArea, TextField, type FormErrors, type FormValues } from './FormFields.js';
import { Layout, type PageContext } from './Layout.js';

/** GOV.UK error summary: each problem links to its field, in the order the fields appear. */
export function ErrorSummary({ t, errors }: PageContext & { errors: FormErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title" className="error-summary-title">{t.status.errorSummary}</h2>
      <ul className="error-summary-list">
        {entries.map(([field, message]) => <li key={field}><a href={`#${field}`}>{message}</a></li>)}
      </ul>
    </div>
  );
}

type LookupProps = PageContext & { csrfToken: string; values: FormValues; errors: FormErrors };

/** Case number + email; the answer never says whether they matched. */
export function LookupPage(props: LookupProps) {
  const { t, errors } = props;
  const hasErrors = Object.keys(errors).length > 0;
  const common = { t, values: props.values, errors };
  return (
    <Layout {...props} title={t.status.lookupTitle} hasErrors={hasErrors}>
      <ErrorSummary {...props} />
      <h1>{t.status.lookupTitle}</h1>
      <p>{t.status.lookupIntro}</p>
      <form method="post" action="/status" noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <TextField {...common} field="caseNumber" label={t.status.caseNumber} hint={t.status.caseNumberHint} width="short" />
        <TextField {...common} field="email" type="email" label={t.status.email} autoComplete="email" />
        <button type="submit" className="button">{t.status.submit}</button>
      </form>
    </Layout>
  );
}

/** The one answer to every well-formed request: the same words whether or not a case matched. */
export function LinkSentPage(props: PageContext) {
  const { t } = props;
  return (
    <Layout {...props} title={t.status.sentTitle}>
      <h1>{t.status.sentTitle}</h1>
      <p>{t.status.sentBody}</p>
      <p>{t.status.sentHint}</p>
      <p><a href="/">{t.meta.backToHub}</a></p>
    </Layout>
  );
}

/** A button, not an automatic exchange: mail scanners that fetch links must not use up the single use. */
export function OpenLinkPage(props: PageContext & { token: string }) {
  const { t } = props;
  return (
    <Layout {...props} title={t.status.viewTitle}>
      <h1>{t.status.viewTitle}</h1>
      <p>{t.status.viewBody}</p>
      <form method="post" action="/status/view">
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" className="button">{t.status.viewButton}</button>
      </form>
    </Layout>
  );
}

type CaseProps = PageContext & {
  view: CustomerCaseView; topicName: string; dates: { created: string; expected: string; messages: Record<string, string> };
  csrfToken: string; notice: string | null; errors: FormErrors; canWrite: boolean;
  /** Where the forms post and the page leads back to: the emailed-link session's by default, an account's otherwise. */
  actions?: { message: string; close: string; back: { href: string; label: string } };
  /** What the customer wrote, kept when the message is shown again with a problem; files cannot be kept. */
  message: string; filesDropped: boolean;
};

/** The customer's case: facts, the public thread in order, then add a message or close the case. */
export function CaseStatusPage(props: CaseProps) {
  const { t, view, dates, errors } = props;
  const title = format(t.status.caseTitle, { caseNumber: view.caseNumber });
  const actions = props.actions ?? { message: '/status/case/messages', close: '/status/case/close', back: { href: '/', label: t.meta.backToHub } };
  return (
    <Layout {...props} title={title} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary {...props} />
      {props.notice && <div className="panel" role="status"><p>{props.notice}</p></div>}
      <h1>{title}</h1>
      <dl className="summary-list">
        <dt>{t.status.statusLabel}</dt><dd>{t.status.statuses[view.status]}</dd>
        <dt>{t.status.topicLabel}</dt><dd>{props.topicName}</dd>
        <dt>{t.status.createdLabel}</dt><dd>{dates.created}</dd>
        <dt>{t.status.expectedLabel}</dt><dd>{dates.expected}</dd>
      </dl>
      <h2>{t.status.threadHeading}</h2>
      {view.thread.length === 0 ? <p>{t.status.noMessages}</p> : (
        <ol className="thread">
          {view.thread.map((entry) => (
            <li key={entry.id} className={`thread-entry thread-${entry.from}`}>
              <h3>{entry.from === 'customer' ? t.status.fromYou : t.status.fromUs}, {dates.messages[entry.id]}</h3>
              {entry.text.split(/\n{2,}/).map((paragraph, i) => <p key={i} className="thread-text">{paragraph}</p>)}
              {entry.attachments.length > 0 && (
                <p>{t.status.attachmentsLabel}: {entry.attachments.join(', ')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {props.canWrite ? (
        <>
          <h2>{t.status.addHeading}</h2>
          <form method="post" action={actions.message} encType="multipart/form-data" noValidate data-form-aids={JSON.stringify({ errorPrefix: t.meta.errorPrefix })}>
            <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
            <TextArea t={t} values={{ message: props.message }} errors={errors} field="message" label={t.status.messageLabel} />
            <FileField t={t} errors={errors} field="attachments" label={t.formAids.attachmentsLabel} hint={t.formAids.attachmentsHint} optional
              filesDropped={props.filesDropped} limits={ATTACHMENT_LIMITS} />
            <button type="submit" className="button">{t.status.addButton}</button>
          </form>
          <h2>{t.status.closeHeading}</h2>
          <p>{t.status.closeBody}</p>
          <form method="post" action={actions.close}>
            <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
            <button type="submit" className="button button-secondary">{t.status.closeButton}</button>
          </form>
        </>
      ) : <p>{t.status.closedNotice}</p>}
      <p><a href={actions.back.href}>{actions.back.label}</a></p>
    </Layout>
  );
}
