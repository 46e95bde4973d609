import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { createTestApp, signIn, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';
import { HubBrowser, STRONG_PASSWORD, accountMailsTo, linkIn, registerCustomer, tokenOf } from './customer-accounts.js';

type Detail = {
  case: {
    priority: string; firstResponseDueAt: string; customer: { registered: boolean };
    messages: { text: string; author: { type: string } }[]; events: { type: string; data: Record<string, unknown> }[]; status: string;
  };
};

/** Monday 10:00 in New York: 3 business days is Thursday, 2 is Wednesday. */
const MONDAY = new Date('2025-03-03T15:00:00Z');

describe('customer accounts on the help hub (issue #6 item 5)', () => {
  const clock = createManualClock(MONDAY);
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let counter = 0;
  const newEmail = (label: string) => `${label}.${(counter += 1)}@example.org`;
  const detail = async (caseNumber: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin })).json<Detail>().case;
  const mails = (to: string) => accountMailsTo(t.app, admin, to);

  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { clock } });
    admin = await signIn(t.app);
  });
  afterAll(async () => t.close({ removeData: true }));

  it('signs up, verifies by the emailed link and password, marks the customer registered, and lists only their own cases', async () => {
    const email = newEmail('ana');
    const own = await submitCase(t.app, validForm('general-question', { email, description: 'Where is the parcel I was promised last week?' }));
    const others = await submitCase(t.app, validForm('general-question', { description: 'Someone else entirely asks about opening hours.' }));
    expect((await detail(own.caseNumber)).customer.registered).toBe(false);

    const browser = new HubBrowser(t.app);
    const form = await browser.get('/account/sign-up');
    expect(form.body).toContain('<h1>Create an account</h1>');
    expect(form.body).toContain('autoComplete="new-password"');
    const sent = await browser.post('/account/sign-up', { name: 'Ana Popescu', email: email.toUpperCase(), password: STRONG_PASSWORD });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Check your email');
    expect(sent.cookies.some((c) => c.name === 'pd_account')).toBe(false);

    const [verification] = await mails(email);
    expect(verification?.subject).toBe('Confirm your email address to finish creating your account');
    expect(verification?.headers['Auto-Submitted']).toBe('auto-generated');
    const link = linkIn(verification, '/account/verify');
    // Not registered until the address is proven.
    expect((await detail(own.caseNumber)).customer.registered).toBe(false);

    const page = await browser.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm your email address');
    const wrong = await browser.post('/account/verify', { token: tokenOf(link), password: 'not the password at all' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Enter the password you chose when you created the account');
    const verified = await browser.post('/account/verify', { token: tokenOf(link), password: STRONG_PASSWORD });
    expect(verified.statusCode).toBe(303);
    expect(verified.headers.location).toBe('/account?done=verified');
    const cookie = verified.cookies.find((c) => c.name === 'pd_account');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 14 * 24 * 3600 });
    expect((await browser.post('/account/verify', { token: tokenOf(link), password: STRONG_PASSWORD })).statusCode).toBe(410);

    const dashboard = await browser.get('/account?done=verified');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Your email address is confirmed.');
    expect(dashboard.body).toContain(`href="/account/cases/${own.caseNumber}"`);
    expect(dashboard.body).toContain('Where is the parcel I was promised last week?');
    expect(dashboard.body).toContain('Received');
    expect(dashboard.body).toContain('Monday, March 3, 2025');
    expect(dashboard.body).not.toContain(others.caseNumber);
    expect(dashboard.body).toContain('href="/account/help/informed-delivery"');
    expect((await detail(own.caseNumber)).customer.registered).toBe(true);

    // The header says so on every hub page, and the contact form knows who is writing.
    expect((await browser.get('/')).body).toContain('<a href="/account">Your account</a>');
    expect((await new HubBrowser(t.app).get('/')).body).toContain('<a href="/account/sign-in">Sign in</a>');
    const contact = await browser.get('/contact/general-question');
    expect(contact.body).toMatch(new RegExp(`<input id="email"[^>]* value="${email}"`));
    expect(contact.body).toMatch(/<input id="name"[^>]* value="Ana Popescu"/);
  });

  it('signs in by password, opens its own case, adds a message and closes it; another customer\'s case answers like a missing one', async () => {
    const email = newEmail('bea');
    const own = await submitCase(t.app, validForm('general-question', { email, description: 'My first question about a parcel.' }));
    const others = await submitCase(t.app, validForm('general-question', { description: 'Not yours to read: private text.' }));
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${own.caseNumber}/notes`, headers: admin, payload: { body: 'INTERNAL: check the depot' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/cases/${own.caseNumber}/replies`, headers: admin, payload: { body: 'We are on it.' } });
    const first = await registerCustomer(t.app, admin, { email });
    const signedOut = await first.post('/account/sign-out', {});
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/account/sign-in?done=signed-out');
    expect((await first.get('/account')).headers.location).toBe('/account/sign-in');

    const browser = new HubBrowser(t.app);
    expect((await browser.get('/account')).statusCode).toBe(303);
    const signedIn = await browser.submit('/account/sign-in', { email, password: STRONG_PASSWORD });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account');

    const casePage = await browser.get(`/account/cases/${own.caseNumber}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('My first question about a parcel.');
    expect(casePage.body).toContain('We are on it.');
    expect(casePage.body).not.toContain('INTERNAL');
    expect(casePage.body).toContain(`action="/account/cases/${own.caseNumber}/messages"`);

    const foreign = await browser.get(`/account/cases/${others.caseNumber}`);
    const missing = await browser.get('/account/cases/PD-0000-0000');
    const malformed = await browser.get('/account/cases/PD-0000-0001');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('private text');
    expect(missing.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body.replaceAll('PD-0000-0000', others.caseNumber));
    const intrusion = await browser.post(`/account/cases/${others.caseNumber}/messages`, { message: 'Injected into someone else\'s case' });
    expect(intrusion.statusCode).toBe(404);
    expect((await browser.post(`/account/cases/${others.caseNumber}/close`, {})).statusCode).toBe(404);
    expect((await detail(others.caseNumber)).messages.some((m) => m.text.includes('Injected'))).toBe(false);
    expect((await detail(others.caseNumber)).status).not.toBe('closed');

    const added = await browser.post(`/account/cases/${own.caseNumber}/messages`, { message: 'Here is my receipt number 1234.' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/account/cases/${own.caseNumber}?done=added`);
    const closed = await browser.post(`/account/cases/${own.caseNumber}/close`, {});
    expect(closed.statusCode).toBe(303);
    const after = await detail(own.caseNumber);
    expect(after.status).toBe('closed');
    expect(after.messages.some((m) => m.text === 'Here is my receipt number 1234.' && m.author.type === 'customer')).toBe(true);
  });

  it('gives a registered customer the 2-business-day target and a raised priority; the case carries the mark', async () => {
    const email = newEmail('cleo');
    const before = await submitCase(t.app, validForm('general-question', { email }));
    expect(before.expectedReplyBy).toBe('2025-03-06T15:00:00.000Z');
    const browser = await registerCustomer(t.app, admin, { email });

    const after = await submitCase(t.app, validForm('general-question', { email }));
    expect(after.expectedReplyBy).toBe('2025-03-05T15:00:00.000Z');
    const registered = await detail(after.caseNumber);
    expect(registered.firstResponseDueAt).toBe('2025-03-05T15:00:00.000Z');
    expect(registered.priority).toBe('high');
    expect(registered.customer.registered).toBe(true);
    expect(registered.events.find((e) => e.type === 'case.created')?.data.customerRegistered).toBe(true);
    expect(JSON.stringify(registered.events.find((e) => e.type === 'case.routed')?.data)).toContain('registered customer');
    expect((await detail(before.caseNumber)).events.find((e) => e.type === 'case.created')?.data.customerRegistered).toBeUndefined();

    // Through the form: the confirmation page tells the shorter date and points to the account.
    const sent = await browser.submit('/contact/general-question', {
      locale: 'en', name: 'Ana Popescu', email, emailConfirmation: email, description: 'A question from my account, about Saturday hours.',
    });
    expect(sent.statusCode).toBe(303);
    const confirmation = await browser.get(sent.headers.location as string);
    expect(confirmation.body).toContain('We expect to reply by Wednesday, March 5, 2025.');
    expect(confirmation.body).toContain('href="/account"');
    const anonymous = new HubBrowser(t.app);
    const dan = newEmail('dan');
    const danSent = await anonymous.submit('/contact/general-question', { locale: 'en', name: 'Dan', email: dan, emailConfirmation: dan, description: 'A question without an account at all.' });
    const danConfirmation = await anonymous.get(danSent.headers.location as string);
    expect(danConfirmation.body).toContain('We expect to reply by Thursday, March 6, 2025.');
    expect(danConfirmation.body).toContain('href="/account/sign-up"');
  });

  it('signs in by an emailed link that works once and expires after 20 minutes; unknown and pending addresses get no mail', async () => {
    const email = newEmail('dora');
    await registerCustomer(t.app, admin, { email });
    const browser = new HubBrowser(t.app);
    const asked = await browser.submit('/account/sign-in/email-link', { email });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain(`If ${email} has a confirmed account, we have sent it a sign-in link.`);
    const [mail] = await mails(email);
    expect(mail?.subject).toBe('Your link to sign in');
    const link = linkIn(mail, '/account/sign-in/open');
    expect((await browser.get(link)).statusCode).toBe(200); // a mail scanner's GET does not use it up
    const opened = await browser.post('/account/sign-in/open', { token: tokenOf(link) });
    expect(opened.statusCode).toBe(303);
    expect((await browser.get('/account')).statusCode).toBe(200);
    expect((await new HubBrowser(t.app).submit(link, { token: tokenOf(link) })).statusCode).toBe(410);

    const late = new HubBrowser(t.app);
    await late.submit('/account/sign-in/email-link', { email });
    const lateLink = linkIn((await mails(email))[0], '/account/sign-in/open');
    await late.get(lateLink);
    clock.advance(21 * 60 * 1000);
    const expired = await late.post('/account/sign-in/open', { token: tokenOf(lateLink) });
    expect(expired.statusCode).toBe(410);
    expect(expired.cookies.some((c) => c.name === 'pd_account')).toBe(false);

    const pending = newEmail('pending');
    await new HubBrowser(t.app).submit('/account/sign-up', { name: 'Pat', email: pending, password: STRONG_PASSWORD });
    const unknown = newEmail('nobody');
    await new HubBrowser(t.app).submit('/account/sign-in/email-link', { email: unknown });
    await new HubBrowser(t.app).submit('/account/sign-in/email-link', { email: pending });
    expect(await mails(unknown)).toHaveLength(0);
    expect((await mails(pending)).map((m) => m.subject)).toEqual(['Confirm your email address to finish creating your account']);
  });

  it('resets a password by a single-use link, which ends every other session', async () => {
    const email = newEmail('eva');
    const laptop = await registerCustomer(t.app, admin, { email });
    const phone = new HubBrowser(t.app);
    expect((await phone.submit('/account/sign-in', { email, password: STRONG_PASSWORD })).statusCode).toBe(303);

    const stranger = new HubBrowser(t.app);
    const asked = await stranger.submit('/account/forgot-password', { email });
    expect(asked.body).toContain(`If ${email} has an account, we have sent it a link to choose a new password.`);
    const [mail] = await mails(email);
    expect(mail?.subject).toBe('Choose a new password for your account');
    const link = linkIn(mail, '/account/reset-password');
    const form = await stranger.get(link);
    expect(form.statusCode).toBe(200);
    const weak = await stranger.post('/account/reset-password', { token: tokenOf(link), password: 'Password2024!' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('This password is too common and easy to guess');
    const reset = await stranger.post('/account/reset-password', { token: tokenOf(link), password: 'a brand new passphrase 7' });
    expect(reset.statusCode).toBe(303);
    expect(reset.headers.location).toBe('/account?done=password');
    expect((await stranger.get('/account?done=password')).body).toContain('You have been signed out on every other device.');

    expect((await laptop.get('/account')).headers.location).toBe('/account/sign-in');
    expect((await phone.get('/account')).headers.location).toBe('/account/sign-in');
    expect((await new HubBrowser(t.app).get(link)).statusCode).toBe(410);
    expect((await stranger.post('/account/reset-password', { token: tokenOf(link), password: 'yet another passphrase 8' })).statusCode).toBe(410);
    expect((await new HubBrowser(t.app).submit('/account/sign-in', { email, password: STRONG_PASSWORD })).statusCode).toBe(401);
    expect((await new HubBrowser(t.app).submit('/account/sign-in', { email, password: 'a brand new passphrase 7' })).statusCode).toBe(303);
  });

  it('answers sign-up, failed sign-in, sign-in link and reset the same for an existing and an unknown address', async () => {
    const existing = newEmail('fay');
    await registerCustomer(t.app, admin, { email: existing });
    const unknowns: string[] = [];
    const same = async (url: string, fields: (email: string) => Record<string, string>) => {
      const unknown = newEmail('ghost');
      unknowns.push(unknown);
      const [a, b] = await Promise.all([existing, unknown].map(async (email) => {
        const response = await new HubBrowser(t.app).submit(url, fields(email));
        return { status: response.statusCode, body: response.body.replaceAll(email, 'EMAIL').replace(/name="csrfToken" value="[^"]+"/g, ''), cookies: response.cookies.map((c) => c.name) };
      }));
      expect(a, url).toEqual(b);
      return a!;
    };
    expect((await same('/account/sign-up', (email) => ({ name: 'Fay', email, password: 'another good passphrase 9' }))).status).toBe(200);
    expect((await same('/account/sign-in', (email) => ({ email, password: 'wrong password for sure' }))).status).toBe(401);
    expect((await same('/account/sign-in/email-link', (email) => ({ email }))).status).toBe(200);
    expect((await same('/account/forgot-password', (email) => ({ email }))).status).toBe(200);

    // What differs is written only to the address itself: the owner learns someone tried, the password is unchanged.
    const owner = await mails(existing);
    expect(owner.map((m) => m.subject)).toContain('Someone tried to create an account with your email address');
    expect(owner.find((m) => m.subject.startsWith('Someone tried'))?.text).toMatch(/\/account\/sign-in\n[\s\S]*\/account\/forgot-password/);
    expect((await new HubBrowser(t.app).submit('/account/sign-in', { email: existing, password: STRONG_PASSWORD })).statusCode).toBe(303);
    expect((await mails(unknowns[0]!)).map((m) => m.subject)).toEqual(['Confirm your email address to finish creating your account']);
    for (const unknown of unknowns.slice(1)) expect(await mails(unknown)).toEqual([]);
  });

  it('refuses every account form without the CSRF token, and a sign-out without it ends nothing', async () => {
    const email = newEmail('hal');
    const browser = await registerCustomer(t.app, admin, { email });
    const { caseNumber } = await submitCase(t.app, validForm('general-question', { email }));
    for (const [url, fields] of [
      ['/account/sign-up', { name: 'X', email: newEmail('x'), password: STRONG_PASSWORD }],
      ['/account/sign-in', { email, password: STRONG_PASSWORD }],
      ['/account/sign-in/email-link', { email }],
      ['/account/forgot-password', { email }],
      ['/account/verify', { token: 'x', password: STRONG_PASSWORD }],
      ['/account/sign-in/open', { token: 'x' }],
      ['/account/reset-password', { token: 'x', password: STRONG_PASSWORD }],
      ['/account/sign-out', {}],
      [`/account/cases/${caseNumber}/messages`, { message: 'forged' }],
      [`/account/cases/${caseNumber}/close`, {}],
    ] as const) {
      const missing = await browser.post(url, fields, { csrf: false });
      expect(missing.statusCode, `${url} without a token`).toBe(403);
      const forged = await browser.post(url, { ...fields, csrfToken: 'forged-token-value' });
      expect(forged.statusCode, `${url} with a forged token`).toBe(403);
    }
    expect((await browser.get('/account')).statusCode).toBe(200);
    expect((await detail(caseNumber)).status).not.toBe('closed');
    expect(await mails(email)).toHaveLength(1);
  });

  it('locks an address for 15 minutes after 5 failures, known or not, and unlocks after', async () => {
    const email = newEmail('ivy');
    await registerCustomer(t.app, admin, { email });
    const unknown = newEmail('ghost');
    const browser = new HubBrowser(t.app);
    for (const address of [email, unknown]) {
      const codes = [];
      for (let i = 0; i < 5; i += 1) codes.push((await browser.submit('/account/sign-in', { email: address, password: `wrong guess number ${i}` })).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 429]);
    }
    const locked = await browser.submit('/account/sign-in', { email, password: STRONG_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many attempts for this email address.');
    const lockedUnknown = await browser.submit('/account/sign-in', { email: unknown, password: STRONG_PASSWORD });
    expect(lockedUnknown.body.replaceAll(unknown, 'EMAIL').replace(/value="[^"]+"/g, '')).toBe(locked.body.replaceAll(email, 'EMAIL').replace(/value="[^"]+"/g, ''));
    clock.advance(16 * 60 * 1000);
    expect((await browser.submit('/account/sign-in', { email, password: STRONG_PASSWORD })).statusCode).toBe(303);
  });

  it('counts simultaneous failed sign-ins one by one, and simultaneous sign-ups of one address make one account', async () => {
    // PostgreSQL runs these requests' transactions side by side; SQLite one after the other.
    const email = newEmail('burst');
    await registerCustomer(t.app, admin, { email });
    const guesses = await Promise.all(Array.from({ length: 5 }, (_, i) =>
      new HubBrowser(t.app, `198.51.100.${10 + i}`).submit('/account/sign-in', { email, password: `parallel guess number ${i}` })));
    expect(guesses.map((r) => r.statusCode).sort()).toEqual([401, 401, 401, 401, 429]);
    expect((await new HubBrowser(t.app).submit('/account/sign-in', { email, password: STRONG_PASSWORD })).statusCode).toBe(429);

    const newcomer = newEmail('twin');
    const signUps = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      new HubBrowser(t.app, `198.51.100.${20 + i}`).submit('/account/sign-up', { name: `Twin ${i}`, email: newcomer, password: STRONG_PASSWORD })));
    expect(signUps.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const links = (await mails(newcomer)).map((mail) => linkIn(mail, '/account/verify'));
    expect(links).toHaveLength(4);
    // The address has one account (unique): the link of the sign-up that wrote last verifies it
    // (each sign-up withdraws the links before it: 410).
    const outcomes = [];
    for (const link of links) {
      const browser = new HubBrowser(t.app);
      const page = await browser.get(link);
      outcomes.push(page.statusCode === 200 ? (await browser.post('/account/verify', { token: tokenOf(link), password: STRONG_PASSWORD })).statusCode : page.statusCode);
    }
    expect(outcomes).toContain(303);
    expect(outcomes.filter((code) => code !== 303 && code !== 410)).toEqual([]);
  });

  it('keeps a pending sign-up harmless: the latest sign-up wins, and a pending account cannot sign in until verified', async () => {
    const victim = newEmail('jo');
    const attacker = new HubBrowser(t.app, '198.51.100.66');
    await attacker.submit('/account/sign-up', { name: 'Mallory', email: victim, password: 'mallory knows this one' });
    const attackerLink = linkIn((await mails(victim))[0], '/account/verify');

    const owner = new HubBrowser(t.app);
    await owner.submit('/account/sign-up', { name: 'Jo Real', email: victim, password: STRONG_PASSWORD });
    const ownerLink = linkIn((await mails(victim))[0], '/account/verify');
    expect((await owner.get(attackerLink)).statusCode).toBe(410);

    // Signing in with the right password before verifying mails a fresh link and says so.
    const early = await owner.submit('/account/sign-in', { email: victim, password: STRONG_PASSWORD });
    expect(early.statusCode).toBe(200);
    expect(early.body).toContain('Confirm your email address first');
    expect(early.cookies.some((c) => c.name === 'pd_account')).toBe(false);
    expect((await owner.get(ownerLink)).statusCode).toBe(410);
    const freshLink = linkIn((await mails(victim))[0], '/account/verify');
    expect((await owner.get(freshLink)).statusCode).toBe(200);
    expect((await owner.post('/account/verify', { token: tokenOf(freshLink), password: 'mallory knows this one' })).statusCode).toBe(422);
    expect((await owner.post('/account/verify', { token: tokenOf(freshLink), password: STRONG_PASSWORD })).statusCode).toBe(303);
    expect((await owner.get('/account')).body).toContain('Signed in as Jo Real');
    expect((await attacker.submit('/account/sign-in', { email: victim, password: 'mallory knows this one' })).statusCode).toBe(401);
  });

  it('checks the sign-up fields GOV.UK style: summary and inline errors, values kept, the password never echoed', async () => {
    const browser = new HubBrowser(t.app);
    const email = newEmail('kimberly.whitfield');
    const cases: [Record<string, string>, string, string][] = [
      [{ name: '', email: 'not-an-address', password: 'short' }, 'name', 'Enter your full name'],
      [{ name: 'Kim', email: 'not-an-address', password: 'short' }, 'email', 'Enter an email address in the correct format, like name@example.com'],
      [{ name: 'Kim', email, password: 'short one' }, 'password', 'Password must be at least 10 characters'],
      [{ name: 'Kim', email, password: 'qwertyuiop' }, 'password', 'This password is too common and easy to guess: choose another'],
      [{ name: 'Kim', email, password: email.split('@')[0]! }, 'password', 'Your password must not be your email address or your name'],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await browser.submit('/account/sign-up', fields);
      expect(answer.statusCode).toBe(422);
      expect(answer.body).toContain('<title>Error: Create an account');
      expect(answer.body).toContain(`<a href="#${field}">${message}</a>`);
      expect(answer.body).toContain(`id="${field}-error"`);
      if (fields.name) expect(answer.body).toContain(`value="${fields.name}"`);
      expect(answer.body).not.toContain(`value="${fields.password}"`);
    }
    expect(await mails(email)).toHaveLength(0);
  });

  it('writes the verification email in the language of the sign-up page', async () => {
    const email = newEmail('lucia');
    const browser = new HubBrowser(t.app);
    const page = await browser.get('/account/sign-up?lang=es');
    expect(page.body).toContain('<h1>Crear una cuenta</h1>');
    const sent = await browser.post('/account/sign-up', { name: 'Lucía', email, password: STRONG_PASSWORD });
    expect(sent.body).toContain('Revise su correo');
    const [mail] = await mails(email);
    expect(mail?.subject).toBe('Confirme su dirección de correo para terminar de crear su cuenta');
    expect(mail?.text).toContain('Hola, Lucía:');
    expect(mail?.html).toContain('<html lang="es">');
  });

  it.each([
    ['en', 'Informed Delivery: help', 'Common problems'],
    ['es', 'Informed Delivery: ayuda', 'Problemas frecuentes'],
    ['ro', 'Informed Delivery: ajutor', 'Probleme frecvente'],
  ])('has the Informed Delivery help in %s, leading to the topic form', async (lang, title, problems) => {
    const page = await new HubBrowser(t.app).get(`/account/help/informed-delivery?lang=${lang}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>${title}</h1>`);
    expect(page.body).toContain(`<h2>${problems}</h2>`);
    expect(page.body).toContain('href="/contact/informed-delivery"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self';");
  });
});

describe('account forms per client address', () => {
  it('answers 429 once an address has posted too often', async () => {
    const t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'on' }, options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 60, window: '10 minutes' } } });
    try {
      const browser = new HubBrowser(t.app, '203.0.113.9');
      const codes = [];
      for (let i = 0; i < 3; i += 1) codes.push((await browser.submit('/account/sign-in', { email: 'someone@example.org', password: 'a wrong password' })).statusCode);
      expect(codes).toEqual([401, 401, 429]);
      const elsewhere = new HubBrowser(t.app, '203.0.113.10');
      expect((await elsewhere.submit('/account/sign-in', { email: 'someone@example.org', password: 'a wrong password' })).statusCode).toBe(401);
    } finally {
      await t.close({ removeData: true });
    }
  });
});
