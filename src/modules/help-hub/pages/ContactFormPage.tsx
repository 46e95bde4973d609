import type { ArticleSuggestion } from '../../knowledge/index.js';
import type { PublicTopic } from '../../topics/topics.service.js';
import { format } from '../i18n.js';
import { CSRF_FIELD } from '../hub-cookies.js';
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
  /** The customer had chosen files: we could not keep them, and say so. */
  filesDropped: boolean;
  /** This opening of the form and the help articles it suggests. */
  visit: { visitId: string; suggestions: ArticleSuggestion[] };
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
  return (
    <Layout {...props} title={title} hasErrors={problems.length > 0}>
      <a className="back-link" href="/">{t.meta.backToHub}</a>
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
      <form method="post" action={`/contact/${encodeURIComponent(topic.slug)}`} encType={asks('attachments') ? 'multipart/form-data' : undefined} noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name={VISIT_FIELD} value={props.visit.visitId} />
        <TextField {...common} field="name" label={t.form.name} autoComplete="name" />
        <TextField {...common} field="email" type="email" label={t.form.email} hint={t.form.emailHint} autoComplete="email" />
        <TextField {...common} field="emailConfirmation" type="email" label={t.form.emailConfirmation} hint={t.form.emailConfirmationHint} autoComplete="email" />
        {asks('phone') && <TextField {...common} field="phone" type="tel" label={t.form.phone} hint={t.form.phoneHint} optional={isOptional('phone')} autoComplete="tel" width="short" />}
        {asks('trackingNumber') && <TextField {...common} field="trackingNumber" label={t.form.trackingNumber} hint={t.form.trackingNumberHint} optional={isOptional('trackingNumber')} />}
        {asks('address') && (
          <fieldset className="fieldset" id="address">
            <legend className="legend">{t.form.addressLegend}{isOptional('address') ? ` ${t.form.optional}` : ''}</legend>
            {errors.address && <p className="error-message">{errors.address}</p>}
            <TextField {...common} field="address.street" label={t.form.street} optional={isOptional('address')} autoComplete="street-address" />
            <TextField {...common} field="address.city" label={t.form.city} optional={isOptional('address')} autoComplete="address-level2" />
            <StateSelect {...common} field="address.state" label={t.form.state} optional={isOptional('address')} />
            <TextField {...common} field="address.zip" label={t.form.zip} hint={t.form.zipHint} optional={isOptional('address')} autoComplete="postal-code" width="short" />
          </fieldset>
        )}
        {asks('subject') && <TextField {...common} field="subject" label={t.form.subject} optional={isOptional('subject')} />}
        <ArticleSuggestions t={t} locale={locale} topic={topic.slug} visitId={props.visit.visitId} suggestions={props.visit.suggestions} />
        <TextArea {...common} field="description" label={t.form.description} hint={t.form.descriptionHint} />
        {asks('attachments') && (
          <FileField t={t} errors={errors} field="attachments" label={t.form.attachments} hint={t.form.attachmentsHint} optional filesDropped={props.filesDropped} />
        )}
        <button type="submit" className="button">{t.form.submit}</button>
      </form>
    </Layout>
  );
}

/** Where a summary link jumps: the field itself (an attachment error points at the file input). */
function summaryTarget(field: string): string {
  return field.startsWith('attachments') ? 'attachments' : fieldId(field);
}
