import { CSRF_FIELD } from '../hub-cookies.js';
import { format } from '../i18n.js';
import { TextField, type FormErrors, type FormValues } from './FormFields.js';
import { Layout, type PageContext } from './Layout.js';
import { ErrorSummary } from './StatusPages.js';

type FormProps = PageContext & { csrfToken: string; values: FormValues; errors: FormErrors };

const hasErrors = (errors: FormErrors) => Object.keys(errors).length > 0;

/** `/account/sign-up`: name, email, password; the answer never says whether the address had an account. */
export function SignUpPage(props: FormProps) {
  const { t, errors } = props;
  const a = t.account;
  const common = { t, values: props.values, errors };
  return (
    <Layout {...props} title={a.signUp.title} hasErrors={hasErrors(errors)}>
      <ErrorSummary {...props} />
      <h1>{a.signUp.title}</h1>
      <p>{a.signUp.intro}</p>
      <form method="post" action="/account/sign-up" noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <TextField {...common} field="name" label={a.name} autoComplete="name" />
        <TextField {...common} field="email" type="email" label={a.email} hint={a.signUp.emailHint} autoComplete="email" />
        <TextField {...common} field="password" type="password" label={a.signUp.password} hint={a.signUp.passwordHint} autoComplete="new-password" />
        <button type="submit" className="button">{a.signUp.button}</button>
      </form>
      <p>{a.signUp.haveAccount} <a href="/account/sign-in">{a.signIn.title}</a></p>
    </Layout>
  );
}

/** The one answer to every well-formed request that mails a link: the same words whoever asked. */
export function CheckEmailPage(props: PageContext & { title: string; paragraphs: string[] }) {
  const { t } = props;
  return (
    <Layout {...props} title={props.title}>
      <h1>{props.title}</h1>
      {props.paragraphs.map((text) => <p key={text}>{text}</p>)}
      <p>{t.account.signUp.sentHint}</p>
      <p><a href="/">{t.meta.backToHub}</a></p>
    </Layout>
  );
}

/** The verification link's page: the password chosen at sign-up proves the one who opens it made the account. */
export function VerifyPage(props: FormProps & { token: string }) {
  const { t, errors } = props;
  const a = t.account;
  return (
    <Layout {...props} title={a.verify.title} hasErrors={hasErrors(errors)}>
      <ErrorSummary {...props} />
      <h1>{a.verify.title}</h1>
      <p>{a.verify.intro}</p>
      <form method="post" action="/account/verify" noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <TextField t={t} values={{}} errors={errors} field="password" type="password" label={a.password} autoComplete="current-password" />
        <button type="submit" className="button">{a.verify.button}</button>
      </form>
    </Layout>
  );
}

/** `/account/sign-in`: password, with the emailed link and recovery one click away. */
export function SignInPage(props: FormProps & { notice: string | null }) {
  const { t, errors } = props;
  const a = t.account;
  return (
    <Layout {...props} title={a.signIn.title} hasErrors={hasErrors(errors)}>
      <ErrorSummary {...props} />
      {props.notice && <div className="panel" role="status"><p>{props.notice}</p></div>}
      <h1>{a.signIn.title}</h1>
      <form method="post" action="/account/sign-in" noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <TextField t={t} values={props.values} errors={errors} field="email" type="email" label={a.email} autoComplete="email" />
        <TextField t={t} values={{}} errors={errors} field="password" type="password" label={a.password} autoComplete="current-password" />
        <button type="submit" className="button">{a.signIn.button}</button>
      </form>
      <ul className="list-links">
        <li><a href="/account/sign-in/email-link">{a.signIn.emailLinkOption}</a></li>
        <li><a href="/account/forgot-password">{a.signIn.forgot}</a></li>
      </ul>
      <h2>{a.signIn.noAccount}</h2>
      <p><a href="/account/sign-up">{a.signIn.createLink}</a></p>
    </Layout>
  );
}

/** One email field that asks for a link: the emailed sign-in link and the password reset. */
export function EmailOnlyPage(props: FormProps & { title: string; intro: string; action: string; button: string }) {
  const { t, errors } = props;
  return (
    <Layout {...props} title={props.title} hasErrors={hasErrors(errors)}>
      <ErrorSummary {...props} />
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <form method="post" action={props.action} noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <TextField t={t} values={props.values} errors={errors} field="email" type="email" label={t.account.email} autoComplete="email" />
        <button type="submit" className="button">{props.button}</button>
      </form>
    </Layout>
  );
}

/** A button, not an automatic sign-in: mail scanners that fetch links must not use up the single use. */
export function OpenSignInLinkPage(props: PageContext & { token: string; csrfToken: string }) {
  const a = props.t.account.emailLink;
  return (
    <Layout {...props} title={a.openTitle}>
      <h1>{a.openTitle}</h1>
      <p>{a.openBody}</p>
      <form method="post" action="/account/sign-in/open">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" className="button">{a.openButton}</button>
      </form>
    </Layout>
  );
}

/** The reset link's page: a new password, which ends every other session. */
export function ResetPasswordPage(props: FormProps & { token: string }) {
  const { t, errors } = props;
  const a = t.account;
  return (
    <Layout {...props} title={a.reset.title} hasErrors={hasErrors(errors)}>
      <ErrorSummary {...props} />
      <h1>{a.reset.title}</h1>
      <p>{a.reset.intro}</p>
      <form method="post" action="/account/reset-password" noValidate>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <TextField t={t} values={{}} errors={errors} field="password" type="password" label={a.reset.password} hint={a.signUp.passwordHint} autoComplete="new-password" />
        <button type="submit" className="button">{a.reset.button}</button>
      </form>
    </Layout>
  );
}

/** The "check your email" paragraphs of each request, with the typed address (it is the asker's own input). */
export function sentParagraphs(t: PageContext['t'], kind: 'sign-up' | 'sign-in-link' | 'reset', email: string): string[] {
  const a = t.account;
  if (kind === 'sign-up') return [format(a.signUp.sentBody, { email }), a.signUp.sentExisting];
  return [format(kind === 'reset' ? a.forgot.sentBody : a.emailLink.sentBody, { email })];
}
