import { RATINGS } from '../../satisfaction/index.js';
import { CSRF_FIELD } from '../hub-cookies.js';
import { format, type Messages } from '../i18n.js';
import { TextArea, type FormErrors } from './FormFields.js';
import { Layout, type PageContext } from './Layout.js';

type SurveyFormProps = PageContext & {
  token: string;
  caseNumber: string;
  csrfToken: string;
  /** The rating to show selected: from the emailed link, or what was posted. */
  rating: number | null;
  comment: string;
  errors: FormErrors;
};

/** `rating` links to the first radio, as GOV.UK's error summary does for a radio group. */
const FIELD_ORDER = ['rating', 'comment'];

/** The survey form: the emailed rating preselected, an optional comment; nothing is recorded until it is sent. */
export function SurveyFormPage(props: SurveyFormProps) {
  const { t, errors, locale } = props;
  const problems = Object.entries(errors).sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
  return (
    <Layout {...props} title={t.survey.title} hasErrors={problems.length > 0}>
      {problems.length > 0 && (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title" className="error-summary-title">{t.survey.errorSummary}</h2>
          <ul className="error-summary-list">
            {problems.map(([field, message]) => <li key={field}><a href={`#${field}`}>{message}</a></li>)}
          </ul>
        </div>
      )}
      <span className="caption">{format(t.survey.caseLine, { caseNumber: props.caseNumber })}</span>
      <h1>{t.survey.title}</h1>
      <p>{t.survey.intro}</p>
      <form method="post" action={`/survey/${encodeURIComponent(props.token)}`} noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="locale" value={locale} />
        <RatingRadios t={t} rating={props.rating} error={errors.rating} />
        <TextArea t={t} field="comment" label={t.survey.commentLabel} hint={t.survey.commentHint} optional values={{ comment: props.comment }} errors={errors} />
        <button type="submit" className="button">{t.survey.submit}</button>
      </form>
    </Layout>
  );
}

/** GOV.UK radios: one fieldset, the question as its legend, hint and error tied to it. */
function RatingRadios({ t, rating, error }: { t: Messages; rating: number | null; error: string | undefined }) {
  const describedBy = error ? 'rating-hint rating-error' : 'rating-hint';
  return (
    <div className={error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset className="fieldset" aria-describedby={describedBy}>
        <legend className="legend">{t.survey.ratingLegend}</legend>
        <div id="rating-hint" className="hint">{t.survey.ratingHint}</div>
        {error && <p id="rating-error" className="error-message"><span className="visually-hidden">{t.meta.errorPrefix} </span>{error}</p>}
        <div className="radios">
          {RATINGS.map((value) => {
            const id = value === RATINGS[0] ? 'rating' : `rating-${value}`;
            return (
              <div className="radio" key={value}>
                <input className="radio-input" id={id} name="rating" type="radio" value={value} defaultChecked={rating === value} />
                <label className="radio-label" htmlFor={id}>{`${value} – ${t.survey.ratings[value - 1] ?? ''}`}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** After the answer was recorded. */
export function SurveyThanksPage(props: PageContext) {
  const { t } = props;
  return (
    <Layout {...props} title={t.survey.thanksTitle}>
      <div className="confirmation-panel">
        <h1>{t.survey.thanksTitle}</h1>
      </div>
      <p>{t.survey.thanksBody}</p>
      <p><a href="/">{t.meta.backToHub}</a></p>
    </Layout>
  );
}
