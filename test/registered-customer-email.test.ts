import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseByEmail, sinkMailsTo, startInbound, type InboundHarness } from './inbound-harness.js';
import { HubBrowser, STRONG_PASSWORD, tokenOf } from './customer-accounts.js';
import { waitFor } from './test-app.js';

type Due = { case: { createdAt: string; firstResponseDueAt: string; priority: string; customer: { registered: boolean } } };

/**
 * The account's emails leave through a real SMTP relay (the sink), and a verified account changes
 * how the customer's next email is answered: 2 business days instead of 3, one priority step up.
 */
describe('a registered customer writing by email', () => {
  let h: InboundHarness;
  beforeAll(async () => {
    h = await startInbound();
  });
  afterAll(async () => {
    await h.close();
  });

  const dueOf = async (caseNumber: string) => (await h.t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: h.admin })).json<Due>().case;
  const businessDays = (from: string, days: number) => h.t.container.calendar.addBusinessDays(new Date(from), days).toISOString();

  it('verifies through the relayed mail, then gets the shorter first-response target on an emailed case', async () => {
    const email = 'rosa.mail@rosa.example';
    const browser = new HubBrowser(h.t.app);
    expect((await browser.submit('/account/sign-up', { name: 'Rosa Díaz', email, password: STRONG_PASSWORD })).statusCode).toBe(200);
    const relayed = await waitFor(() => sinkMailsTo(h, email)[0], 10_000);
    const parsed = await PostalMime.parse(relayed.raw);
    expect(parsed.subject).toBe('Confirm your email address to finish creating your account');
    expect(parsed.headers.find((header) => header.key === 'auto-submitted')?.value).toBe('auto-generated');
    const link = /https?:\/\/[^/\s]+(\/account\/verify\?token=\S+)/.exec(parsed.text ?? '')?.[1];
    if (!link) throw new Error(`no verification link in ${parsed.text}`);
    expect((await browser.get(link)).statusCode).toBe(200);
    expect((await browser.post('/account/verify', { token: tokenOf(link), password: STRONG_PASSWORD })).statusCode).toBe(303);

    const registered = await dueOf((await openCaseByEmail(h, { from: email, subject: 'Parcel stuck', text: 'My parcel has been stuck at the depot for days.' })).caseNumber);
    expect(registered.customer.registered).toBe(true);
    expect(registered.firstResponseDueAt).toBe(businessDays(registered.createdAt, 2));
    expect(registered.priority).toBe('high');

    const stranger = await dueOf((await openCaseByEmail(h, { from: 'sam@sam.example', subject: 'Parcel stuck', text: 'My parcel has been stuck at the depot for days.' })).caseNumber);
    expect(stranger.customer.registered).toBe(false);
    expect(stranger.firstResponseDueAt).toBe(businessDays(stranger.createdAt, 3));
  });
});
