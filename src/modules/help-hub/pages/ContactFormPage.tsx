import type { ArticleSuggestion } from '../../knowledge/index.js';
import type { ReactNode } from 'react';
import type { PublicTopic } from '../../topics/topics.service.js';
import { ATTACHMENT_LIMITS } from '../../cases/uploads.js';
import { format } from '../i18n.js';
import { CSRF_FIELD } from '../hub-cookies.js';
import { HONEYPOT_FIELD, STARTED_FIELD } from '../form-guard.js';
import { EMAIL_TYPO_CHOICE, EMAIL_TYPO_FOR, type EmailTypo } from '../email-review.js';
import { FileField, StateSelect, TextArea, TextField, fieldId, type FormErrors, type FormValues } from './FormFields.js';
import { Layout, type PageContext } from './Layout.js';
import { ArticleSuggestions } from './ArticleSuggestions.js';

/** The hidden field carrying the form visit (help articles' deflection); never passed to the intake. */
export const VISIT_FIELD = 'visitId';

type FormProps = PageContext & {
  topic: PublicTopic;
  values: FormValues;
  errors: FormErrors;
  csrfToken: string;
  /** The signed "first shown at" token (form-guard.ts), carried across re-renders. */
  started: string;
  /** The customer had chosen files: we could not keep them, and say so. */
  filesDropped: boolean;
  /** This opening of the form and the help articles it suggests. */
  visit: { visitId: string; suggestions: ArticleSuggestion[] };
  /** The email's domain looks mistyped: ask once, before the case is created. */
  emailTypo?: EmailTypo | null;
  /** The form was open too long and is shown again unsent. */
  stale?: boolean;
};

/** The order fields appear in, so the error summary lists problems in the order the customer meets them. */
const FIELD_ORDER = ['name', 'email', 'emailConfirmation', 'phone', 'trackingNumber', 'address', 'address.street', 'address.city', 'address.state', 'address.zip', 'subject', 'description', 'attachments'];

const rank = (key: string) => {
  const index = FIELD_ORDER.indexOf(key.startsWith('attachments') ? 'attachments' : key);
  return index === -1 ? FIELD_ORDER.length : index;
};

/** `GET /contact/:topic` and its 422 re-render: the topic's fields, its urgent guidance first. */
export function ContactFormPage(props: FormProps) {
  const { t, topic, values, errors, locale } = props;
  const asks = (name: string) => topic.fields.find((f) => f.name === name);
  const isOptional = (name: string) => !asks(name)?.required;
  const common = { t, values, errors };
  const problems = Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b));
  const title = format(t.form.title, { topic: topic.name });
  const aids = t.formAids;
  const typo = props.emailTypo ?? null;
  return (
    <Layout {...props} title={title} hasErrors={problems.length > 0}>
      <a className="back-link" href="/">{t.meta.backToHub}</a>
      {problems.length === 0 && typo && (
        <Banner title={aids.emailTypoBannerTitle}>
          <a href="#emailTypoChoice">{format(aids.emailTypoBannerBody, { suggestion: typo.suggested })}</a>
        </Banner>
      )}
      {problems.length === 0 && !typo && props.stale && <Banner title={aids.staleTitle}>{aids.staleBody}</Banner>}
      {problems.length > 0 && (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title" className="error-summary-title">{t.form.errorSummaryTitle}</h2>
          <ul className="error-summary-list">
            {problems.map(([field, message]) => (
              <li key={field}><a href={`#${summaryTarget(field)}`}>{message}</a></li>
            ))}
          </ul>
        </div>
      )}
      <h1>{title}</h1>
      {topic.urgentGuidance && (
        <div className="panel panel-warning" role="note" aria-labelledby="urgent-heading">
          <h2 id="urgent-heading">{t.form.urgentHeading}</h2>
          <p>{topic.urgentGuidance}</p>
        </div>
      )}
      <p>{t.form.intro}</p>
      {/* noValidate: the server's messages (summary + inline) are the one way errors are shown, in every browser. */}
      <form
        method="post" action={`/contact/${encodeURIComponent(topic.slug)}`} encType={asks('attachments') ? 'multipart/form-data' : undefined} noValidate
        data-form-aids={JSON.stringify(clientMessages(props))}
      >
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name={STARTED_FIELD} value={props.started} />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name={VISIT_FIELD} value={props.visit.visitId} />
        <Honeypot label={aids.honeypotLabel} />
        <TextField {...common} field="name" label={t.form.name} autoComplete="name" />
        <TextField {...common} field="email" type="email" label={t.form.email} hint={t.form.emailHint} autoComplete="email" check="email" />
        <TextField {...common} field="emailConfirmation" type="email" label={t.form.emailConfirmation} hint={t.form.emailConfirmationHint} autoComplete="email" check="emailConfirmation" />
        <input type="hidden" name={EMAIL_TYPO_FOR} value={typo?.typed ?? values[EMAIL_TYPO_FOR] ?? ''} />
        {typo && <EmailTypoQuestion {...props} typo={typo} />}
        {asks('phone') && <TextField {...common} field="phone" type="tel" label={t.form.phone} hint={t.form.phoneHint} optional={isOptional('phone')} autoComplete="tel" width="short" />}
        {asks('trackingNumber') && <TextField {...common} field="trackingNumber" label={t.form.trackingNumber} hint={t.form.trackingNumberHint} optional={isOptional('trackingNumber')} check="tracking" />}
        {asks('address') && (
          <fieldset className="fieldset" id="address">
            <legend className="legend">{t.form.addressLegend}{isOptional('address') ? ` ${t.form.optional}` : ''}</legend>
            {errors.address && <p className="error-message">{errors.address}</p>}
            <TextField {...common} field="address.street" label={t.form.street} optional={isOptional('address')} autoComplete="street-address" />
            <TextField {...common} field="address.city" label={t.form.city} optional={isOptional('address')} autoComplete="address-level2" />
            <StateSelect {...common} field="address.state" label={t.form.state} optional={isOptional('address')} />
            <TextField {...common} field="address.zip" label={t.form.zip} hint={t.form.zipHint} optional={isOptional('address')} autoComplete="postal-code" width="short" check="zip" />
          </fieldset>
        )}
        {asks('subject') && <TextField {...common} field="subject" label={t.form.subject} optional={isOptional('subject')} />}
        <ArticleSuggestions t={t} locale={locale} topic={topic.slug} visitId={props.visit.visitId} suggestions={props.visit.suggestions} />
        <TextArea {...common} field="description" label={t.form.description} hint={t.form.descriptionHint} />
        {asks('attachments') && (
          <FileField t={t} errors={errors} field="attachments" label={t.form.attachments} hint={aids.attachmentsHint} optional filesDropped={props.filesDropped} limits={ATTACHMENT_LIMITS} />
        )}
        <button type="submit" className="button">{t.form.submit}</button>
      </form>
    </Layout>
  );
}

/** GOV.UK notification banner: something to act on that is not an error. The script moves focus to it. */
function Banner({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="notification-banner" role="region" aria-labelledby="notification-banner-title" tabIndex={-1} data-focus-on-load="">
      <h2 id="notification-banner-title" className="notification-banner-title">{title}</h2>
      <p className="notification-banner-body">{children}</p>
    </div>
  );
}

/**
 * Invisible to people (off-screen, hidden from assistive technology, out of the tab order, never
 * autofilled); robots that fill every field fill it. Its label keeps automated accessibility checks
 * and any tool that does reach it informed.
 */
function Honeypot({ label }: { label: string }) {
  return (
    <div className="honeypot" aria-hidden="true">
      <label htmlFor={HONEYPOT_FIELD}>{label}</label>
      <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** The second look at a likely mistyped email: radios, so Enter in any field still means "Send". */
function EmailTypoQuestion({ t, typo }: FormProps & { typo: EmailTypo }) {
  const aids = t.formAids;
  return (
    <div className="form-group email-typo">
      <fieldset className="fieldset" aria-describedby="emailTypoChoice-hint">
        <legend className="legend">{format(aids.emailTypoLegend, { suggestion: typo.suggested })}</legend>
        <div id="emailTypoChoice-hint" className="hint">{aids.emailTypoHint}</div>
        <div className="radios">
          <div className="radio">
            <input id="emailTypoChoice" type="radio" name={EMAIL_TYPO_CHOICE} value="suggested" className="radio-input" />
            <label htmlFor="emailTypoChoice" className="radio-label">{format(aids.emailTypoUse, { suggestion: typo.suggested })}</label>
          </div>
          <div className="radio">
            <input id="emailTypoChoice-typed" type="radio" name={EMAIL_TYPO_CHOICE} value="typed" className="radio-input" />
            <label htmlFor="emailTypoChoice-typed" className="radio-label">{format(aids.emailTypoKeep, { typed: typo.typed })}</label>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

/** What the enhancement scripts say, in the page's language (they carry no strings of their own). */
function clientMessages({ t }: FormProps) {
  const aids = t.formAids;
  return {
    errorPrefix: t.meta.errorPrefix, email: t.errors.email, emailMismatch: t.errors.emailMismatch, zip: t.errors.zip, tracking: t.errors.tracking,
    typoQuestion: aids.emailTypoLegend, typoUse: aids.emailTypoUseButton, typoKeep: aids.emailTypoKeepButton,
    trackingUsps: aids.trackingUsps, trackingInternational: aids.trackingInternational, trackingOtherCarrier: aids.trackingOtherCarrier,
    trackingTypo: aids.trackingTypo, trackingUnknown: aids.trackingUnknown,
  };
}

/** Where a summary link jumps: the field itself (an attachment error points at the file input). */
function summaryTarget(field: string): string {
  return field.startsWith('attachments') ? 'attachments' : fieldId(field);
}
