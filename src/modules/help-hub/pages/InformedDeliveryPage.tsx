import { Layout, type PageContext } from './Layout.js';

/** `/account/help/informed-delivery`: what the service is, how to join, the usual problems, then the topic's form. */
export function InformedDeliveryPage(props: PageContext) {
  const { t, signedIn } = props;
  const h = t.account.help.informedDelivery;
  const steps = [h.signUpSteps.check, h.signUpSteps.account, h.signUpSteps.verify, h.signUpSteps.wait];
  const problems = [
    [h.problems.noScanHeading, h.problems.noScanBody],
    [h.problems.noPreviewHeading, h.problems.noPreviewBody],
    [h.problems.notArrivedHeading, h.problems.notArrivedBody],
    [h.problems.othersHeading, h.problems.othersBody],
    [h.problems.verifyHeading, h.problems.verifyBody],
  ] as const;
  return (
    <Layout {...props} title={h.title}>
      {signedIn && <a className="back-link" href="/account">{t.account.dashboard.backToAccount}</a>}
      <h1>{h.title}</h1>
      <p className="lead">{h.intro}</p>
      <h2>{h.whatHeading}</h2>
      <p>{h.whatBody}</p>
      <h2>{h.signUpHeading}</h2>
      <ol className="list-number">
        {steps.map((step) => <li key={step}>{step}</li>)}
      </ol>
      <h2>{h.problemsHeading}</h2>
      {problems.map(([heading, body]) => (
        <div key={heading}>
          <h3>{heading}</h3>
          <p>{body}</p>
        </div>
      ))}
      <div className="panel">
        <h2>{h.contactHeading}</h2>
        <p>{h.contactBody}</p>
        <p><a href="/contact/informed-delivery">{h.contactLink}</a></p>
      </div>
    </Layout>
  );
}
