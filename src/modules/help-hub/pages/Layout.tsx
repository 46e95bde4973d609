import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { HUB_LOCALES, messagesFor, type HubLocale, type Messages } from '../i18n.js';

export type PageContext = {
  locale: HubLocale; t: Messages; path: string;
  /** The enhancement script when it is built; pages must work without it. */
  scriptUrl?: string | null;
  /** A customer is signed in to their account: the header offers "Your account" instead of "Sign in". */
  signedIn?: boolean;
};

type LayoutProps = PageContext & { title: string; hasErrors?: boolean; children: ReactNode };

/** Every public page: language switch, skip link, one main landmark, our own stylesheet only. */
export function Layout({ locale, t, path, scriptUrl, title, signedIn = false, hasErrors = false, children }: LayoutProps) {
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* GOV.UK pattern: the tab title says "Error:" first, so screen-reader users hear it at once. */}
        <title>{`${hasErrors ? `${t.meta.errorPrefix} ` : ''}${title} – ${t.meta.serviceName}`}</title>
        <link rel="stylesheet" href="/help-hub.css" />
        {scriptUrl ? <script type="module" src={scriptUrl} /> : null}
      </head>
      <body>
        <a className="skip-link" href="#main">{t.meta.skipLink}</a>
        <header className="site-header">
          <div className="width">
            <a className="service-name" href="/">{t.meta.serviceName}</a>
            <nav aria-label={t.account.navLabel} className="account-nav">
              {signedIn ? <a href="/account">{t.account.yourAccountLink}</a> : <a href="/account/sign-in">{t.account.signInLink}</a>}
            </nav>
            <nav aria-label={t.meta.languagesLabel} className="languages">
              <ul>
                {HUB_LOCALES.map((code) => (
                  <li key={code}>
                    <a href={`${path}?lang=${code}`} lang={code} hrefLang={code} aria-current={code === locale ? 'true' : undefined}>
                      {messagesFor(code).meta.languageName}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="width" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

/** React escapes every text and attribute value; nothing here injects raw HTML. */
export function renderPage(page: ReactNode): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(page)}`;
}
