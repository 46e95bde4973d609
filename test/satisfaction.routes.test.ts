import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/kernel/clock.js';
import { toDbTime } from '../src/storage/dialect-helpers.js';
import { createTestApp, signIn, signInNewAgent, type TestApp } from './test-app.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { decodeHeader, leafParts, parseMime, submitCase, validForm } from './factories.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const TOKEN_IN_LINK = /\/survey\/([A-Za-z0-9_-]{43})\?rating=1\b/;

type Headers = Record<string, string>;
type Satisfaction = { status: string; skipReason: string | null; sentAt: string | null; rating: number | null; comment: string | null; answeredAt: string | null };
type Detail = { status: string; satisfaction: Satisfaction | null; events: { type: string; actor: { type: string; name: string | null }; data: Record<string, unknown> }[] };

/** The value of the one checked radio on a page, or null. */
const checkedRating = (body: string): string | null => {
  const checked = body.match(/<input[^>]*checked=""[^>]*>/g) ?? [];
  return checked.length === 1 ? /value="(\d)"/.exec(checked[0]!)?.[1] ?? null : null;
};

/** Helpers over one running app: resolve cases as agents do, run due jobs, answer as a browser does. */
function surveyDriver(t: TestApp, clock: ReturnType<typeof createManualClock>) {
  const db = () => t.container.database.db;
  let adminHeaders: Headers | undefined;
  /** As the admin; signs in again when the manual clock has outrun the session. */
  async function asAdmin(request: { method: 'GET' | 'PATCH' | 'POST'; url: string; payload?: Record<string, unknown> }) {
    adminHeaders ??= await signIn(t.app);
    const response = await t.app.inject({ ...request, headers: adminHeaders });
    if (response.statusCode !== 401) return response;
    adminHeaders = await signIn(t.app);
    return t.app.inject({ ...request, headers: adminHeaders });
  }
  return {
    asAdmin,
    async newCase(overrides: Record<string, unknown> = {}) {
      const form = validForm('general-question', overrides);
      const { caseNumber } = await submitCase(t.app, form);
      return { caseNumber, email: String(form.email) };
    },
    async patch(caseNumber: string, body: Record<string, unknown>) {
      const response = await asAdmin({ method: 'PATCH', url: `/api/v1/cases/${caseNumber}`, payload: body });
      expect(response.statusCode, response.body).toBe(200);
    },
    async detail(caseNumber: string): Promise<Detail> {
      return (await asAdmin({ method: 'GET', url: `/api/v1/cases/${caseNumber}` })).json<{ case: Detail }>().case;
    },
    /** Moves time on and runs every job due by then, as the worker would. */
    async runJobsAfter(ms: number) {
      clock.advance(ms);
      await t.container.jobRunner.runUntilIdle();
    },
    async surveyJobs(caseNumber: string) {
      const { id } = await db().selectFrom('cases').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow();
      const survey = await db().selectFrom('satisfaction_surveys').select('id').where('case_id', '=', id).executeTakeFirst();
      if (!survey) return [];
      // Filtered after reading: LIKE on JSON text fails on PostgreSQL's jsonb (and its text has other spacing).
      const jobs = await db().selectFrom('jobs').select(['status', 'run_at', 'payload']).where('type', '=', 'satisfaction.send-survey').execute();
      return jobs.filter((job) => job.payload.includes(survey.id)).map(({ status, run_at }) => ({ status, run_at }));
    },
    async surveyMails(caseNumber: string) {
      const { id } = await db().selectFrom('cases').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow();
      return db().selectFrom('outbound_mail').select(['id', 'text', 'html', 'subject', 'message_id', 'headers', 'to_address']).where('case_id', '=', id).where('kind', '=', 'survey').execute();
    },
    async tokenOf(caseNumber: string): Promise<string> {
      const [mail] = await this.surveyMails(caseNumber);
      const token = mail ? TOKEN_IN_LINK.exec(mail.text)?.[1] : undefined;
      if (!token) throw new Error(`no survey link was mailed for ${caseNumber}`);
      return token;
    },
    /** Opens the page as a browser: its CSRF cookie and hidden token. */
    async openSurvey(token: string, query = '') {
      const page = await t.app.inject({ method: 'GET', url: `/survey/${token}${query}` });
      const cookie = page.cookies.find((c) => c.name === 'pd_hub_csrf');
      const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1];
      return { page, cookie: cookie ? `pd_hub_csrf=${cookie.value}` : '', csrfToken: csrfToken ?? '' };
    },
    async answer(token: string, fields: Record<string, string>, csrf?: { cookie: string; csrfToken: string }) {
      const session = csrf ?? (await this.openSurvey(token));
      return t.app.inject({
        method: 'POST', url: `/survey/${token}`, headers: { ...FORM, cookie: session.cookie }, payload: urlencoded({ csrfToken: session.csrfToken, ...fields }),
      });
    },
  };
}

describe('satisfaction survey: from resolution to answer (issue #6 item 6)', () => {
  const clock = createManualClock(new Date('2025-03-03T15:00:00Z'));
  let sink: SmtpSink;
  let t: TestApp;
  let drive: ReturnType<typeof surveyDriver>;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ worker: false, options: { clock }, env: { POSTDESK_SMTP_RELAY_URL: sink.url } });
    drive = surveyDriver(t, clock);
  });
  afterAll(async () => {
    await t.close({ removeData: true });
    await sink.close();
  });

  it('resolving by reply schedules one survey an hour later; it arrives by SMTP in the case language with five rating links', async () => {
    const { caseNumber, email } = await drive.newCase({ locale: 'es', name: 'Lucía Gómez', description: '¿Dónde está mi paquete? Lo envié hace una semana.' });
    const resolvedAt = clock.now();
    const reply = await drive.asAdmin({ method: 'POST', url: `/api/v1/cases/${caseNumber}/replies`, payload: { body: 'Su paquete fue entregado hoy.', status: 'resolved' } });
    expect(reply.statusCode, reply.body).toBe(201);
    const jobs = await drive.surveyJobs(caseNumber);
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]!.run_at).getTime()).toBe(resolvedAt.getTime() + HOUR);

    await drive.runJobsAfter(59 * 60_000);
    expect(await drive.surveyMails(caseNumber)).toHaveLength(0);
    await drive.runJobsAfter(2 * 60_000);
    const [stored] = await drive.surveyMails(caseNumber);
    expect(stored).toBeDefined();

    const captured = sink.messages.find((m) => m.to.includes(email) && m.headers.get('message-id') === stored!.message_id);
    expect(captured, 'survey mail at the SMTP sink').toBeDefined();
    const h = captured!.headers;
    expect(decodeHeader(h.get('subject') ?? '')).toBe(`[${caseNumber}] ¿Qué tal lo hicimos?`);
    expect(h.get('auto-submitted')).toBe('auto-generated');
    // Threaded under the agent's reply, like the rest of the conversation.
    const replyMessageId = (await t.container.database.db.selectFrom('messages').select('email_message_id').where('direction', '=', 'outbound').where('text', '=', 'Su paquete fue entregado hoy.').executeTakeFirstOrThrow()).email_message_id;
    expect(h.get('in-reply-to')).toBe(replyMessageId);
    expect(h.get('references')).toContain(replyMessageId!);
    expect(t.container.mailIdentity.parseReplyAddress(/<([^>]+)>/.exec(h.get('reply-to') ?? '')?.[1] ?? h.get('reply-to') ?? '')).not.toBeNull();

    const leaves = leafParts(parseMime(captured!.raw));
    const text = leaves.find((p) => p.contentType === 'text/plain')!.body;
    const html = leaves.find((p) => p.contentType === 'text/html')!.body;
    expect(text).toContain('Hola, Lucía Gómez:');
    const words = ['Muy insatisfecho', 'Insatisfecho', 'Ni satisfecho ni insatisfecho', 'Satisfecho', 'Muy satisfecho'];
    const token = TOKEN_IN_LINK.exec(text)?.[1];
    expect(token).toBeDefined();
    for (const [index, word] of words.entries()) {
      const rating = index + 1;
      expect(text).toContain(`${rating} – ${word}:\n${t.config.publicUrl}/survey/${token}?rating=${rating}\n`);
      expect(html).toContain(`<a href="${t.config.publicUrl}/survey/${token}?rating=${rating}"`);
      expect(html).toContain(`>${rating} – ${word}</a>`);
    }
    expect(html).toContain('<html lang="es">');

    // The token is stored only as a hash.
    const row = await t.container.database.db.selectFrom('satisfaction_surveys').selectAll().where('outbound_mail_id', '=', stored!.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token!);
    expect(JSON.stringify(row)).not.toContain(token!);

    const detail = await drive.detail(caseNumber);
    expect(detail.satisfaction).toMatchObject({ status: 'sent', rating: null, answeredAt: null });
    expect(detail.events.some((e) => e.type === 'satisfaction.survey_sent')).toBe(true);
  });

  it('a GET of any rating link records nothing; the answer is recorded once, on the timeline and the case', async () => {
    const { caseNumber } = await drive.newCase({ locale: 'ro' });
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(HOUR);
    const token = await drive.tokenOf(caseNumber);

    // A mail scanner fetching every link: five GETs, no answer.
    for (const rating of [1, 2, 3, 4, 5]) {
      const scanned = await t.app.inject({ method: 'GET', url: `/survey/${token}?rating=${rating}` });
      expect(scanned.statusCode).toBe(200);
    }
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ status: 'sent', rating: null });

    const opened = await drive.openSurvey(token, '?rating=4');
    expect(opened.page.body).toContain('<html lang="ro">');
    expect(opened.page.body).toContain(caseNumber);
    expect(checkedRating(opened.page.body)).toBe('4');
    expect(opened.page.body).toContain('<legend class="legend">Cât de mulțumit sunteți de felul în care v-am tratat cazul?</legend>');
    expect(opened.page.headers['content-security-policy']).toContain("script-src 'self';");

    const answered = await drive.answer(token, { rating: '2', comment: 'Răspuns rapid,\r\ndar coletul a întârziat.' }, opened);
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe(`/survey/${token}/thanks`);
    const thanks = await t.app.inject({ method: 'GET', url: answered.headers.location as string });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Vă mulțumim pentru răspuns');

    const again = await drive.answer(token, { rating: '5', comment: 'Changed my mind' }, opened);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Ați răspuns deja');
    const reopened = await t.app.inject({ method: 'GET', url: `/survey/${token}?rating=5` });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.body).toContain('Ați răspuns deja');
    expect(reopened.body).not.toContain('name="rating"');

    const detail = await drive.detail(caseNumber);
    expect(detail.satisfaction).toMatchObject({ status: 'answered', rating: 2, comment: 'Răspuns rapid,\ndar coletul a întârziat.' });
    const rated = detail.events.filter((e) => e.type === 'satisfaction.rated');
    expect(rated).toHaveLength(1);
    expect(rated[0]!.actor).toMatchObject({ type: 'customer', name: 'Ana Popescu' });
    expect(rated[0]!.data).toEqual({ rating: 2, comment: 'Răspuns rapid,\ndar coletul a întârziat.' });
  });

  it('shows errors next to the fields and in a summary, and keeps what was typed, when the rating is missing or the comment too long', async () => {
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(HOUR);
    const token = await drive.tokenOf(caseNumber);

    const noRating = await drive.answer(token, { comment: 'Kind people' });
    expect(noRating.statusCode).toBe(422);
    expect(noRating.body).toContain('<title>Error: How satisfied are you?');
    expect(noRating.body).toContain('<a href="#rating">Choose how satisfied you are</a>');
    expect(noRating.body).toContain('id="rating-error"');
    expect(noRating.body).toContain('Kind people</textarea>');

    const long = 'é'.repeat(2_001);
    const tooLong = await drive.answer(token, { rating: '3', comment: long });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('<a href="#comment">Your comment must be 2,000 characters or fewer. It has 2,001 characters.</a>');
    expect(checkedRating(tooLong.body)).toBe('3');

    // Exactly 2,000 characters (as a person counts them) is fine.
    const limit = await drive.answer(token, { rating: '3', comment: '👍'.repeat(2_000) });
    expect(limit.statusCode).toBe(303);
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ rating: 3 });
  });

  it('refuses a post without the CSRF token and records nothing', async () => {
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(HOUR);
    const token = await drive.tokenOf(caseNumber);
    const opened = await drive.openSurvey(token);

    const withoutToken = await t.app.inject({ method: 'POST', url: `/survey/${token}`, headers: { ...FORM, cookie: opened.cookie }, payload: urlencoded({ rating: '1' }) });
    const withoutCookie = await t.app.inject({ method: 'POST', url: `/survey/${token}`, headers: FORM, payload: urlencoded({ rating: '1', csrfToken: opened.csrfToken }) });
    for (const refused of [withoutToken, withoutCookie]) {
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Your form could not be sent');
      expect(refused.body).toContain(`href="/survey/${token}"`);
    }
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ status: 'sent', rating: null });
  });

  it('answers an unknown, malformed or expired link with one page that names no case', async () => {
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(HOUR);
    const token = await drive.tokenOf(caseNumber);
    const opened = await drive.openSurvey(token);
    const unknown = 'A'.repeat(43);

    clock.advance(30 * DAY + 1);
    const expired = await t.app.inject({ method: 'GET', url: `/survey/${token}?rating=5` });
    const notOurs = await t.app.inject({ method: 'GET', url: `/survey/${unknown}?rating=5` });
    const malformed = await t.app.inject({ method: 'GET', url: '/survey/not-a-token' });
    for (const [response, shown] of [[expired, token], [notOurs, unknown], [malformed, 'not-a-token']] as const) {
      expect(response.statusCode).toBe(410);
      expect(response.body).toContain('This survey link does not work');
      expect(response.body).not.toContain(caseNumber);
      expect(response.body.replaceAll(shown, 'TOKEN')).toBe(expired.body.replaceAll(token, 'TOKEN'));
    }
    const late = await drive.answer(token, { rating: '5' }, opened);
    expect(late.statusCode).toBe(410);
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ status: 'sent', rating: null });
  });

  it('a reopen before the survey goes out cancels it; the next resolution sends it; a later one sends nothing more', async () => {
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(20 * 60_000);
    await drive.patch(caseNumber, { status: 'open' });
    await drive.runJobsAfter(HOUR);
    expect(await drive.surveyMails(caseNumber)).toHaveLength(0);
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ status: 'cancelled', skipReason: 'reopened' });

    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(HOUR);
    expect(await drive.surveyMails(caseNumber)).toHaveLength(1);

    await drive.patch(caseNumber, { status: 'open' });
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(2 * HOUR);
    expect(await drive.surveyMails(caseNumber)).toHaveLength(1);
    expect((await drive.detail(caseNumber)).satisfaction).toMatchObject({ status: 'sent' });
  });

  it('resolving again while the first survey still waits sends one survey, an hour after the last resolution', async () => {
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(10 * 60_000);
    await drive.patch(caseNumber, { status: 'open' });
    await drive.patch(caseNumber, { status: 'resolved' });
    await drive.runJobsAfter(55 * 60_000); // the first schedule's hour is over, the second's is not
    expect(await drive.surveyMails(caseNumber)).toHaveLength(0);
    await drive.runJobsAfter(10 * 60_000);
    expect(await drive.surveyMails(caseNumber)).toHaveLength(1);
  });

  it('sends no survey to an address that bounced, for a case merged before it went out, or when the customer closed the case themselves', async () => {
    const bounced = await drive.newCase();
    await t.container.database.db.updateTable('customers').set({ email_bounced_at: toDbTime(clock.now()) }).where('email', '=', bounced.email).execute();
    await drive.patch(bounced.caseNumber, { status: 'resolved' });
    expect(await drive.surveyJobs(bounced.caseNumber)).toHaveLength(0);
    expect((await drive.detail(bounced.caseNumber)).satisfaction).toMatchObject({ status: 'cancelled', skipReason: 'email_bounced' });

    const merged = await drive.newCase();
    const target = await drive.newCase({ email: merged.email });
    await drive.patch(merged.caseNumber, { status: 'resolved' });
    const merge = await drive.asAdmin({ method: 'POST', url: `/api/v1/cases/${merged.caseNumber}/merge`, payload: { into: target.caseNumber } });
    expect(merge.statusCode, merge.body).toBe(200);

    const closedByCustomer = await drive.newCase();
    const { id } = await t.container.database.db.selectFrom('cases').select('id').where('number', '=', closedByCustomer.caseNumber).executeTakeFirstOrThrow();
    await t.container.services.statusLookup.close(id);

    await drive.runJobsAfter(HOUR);
    expect(await drive.surveyMails(merged.caseNumber)).toHaveLength(0);
    expect((await drive.detail(merged.caseNumber)).satisfaction).toMatchObject({ status: 'cancelled', skipReason: 'merged' });
    expect((await drive.detail(closedByCustomer.caseNumber)).status).toBe('closed');
    expect((await drive.detail(closedByCustomer.caseNumber)).satisfaction).toBeNull();
  });
});

const PASSWORD = 'a long enough password 42';

describe('satisfaction report (GET /api/v1/admin/satisfaction)', () => {
  const clock = createManualClock(new Date('2025-05-05T12:00:00Z'));
  let t: TestApp;
  let drive: ReturnType<typeof surveyDriver>;
  let ana: { id: string };
  let bob: { id: string };
  const report = (query: string) => drive.asAdmin({ method: 'GET', url: `/api/v1/admin/satisfaction${query}` });

  beforeAll(async () => {
    t = await createTestApp({ worker: false, options: { clock } });
    drive = surveyDriver(t, clock);
    ana = await signInNewAgent(t, { email: 'ana.agent@postdesk.test', name: 'Ana Agent', role: 'agent', password: PASSWORD });
    bob = await signInNewAgent(t, { email: 'bob.agent@postdesk.test', name: 'Bob Agent', role: 'agent', password: PASSWORD });
    await signInNewAgent(t, { email: 'sue.supervisor@postdesk.test', name: 'Sue Supervisor', role: 'supervisor', password: PASSWORD });

    // Six surveys on 2025-05-05: Customer Care (Ana: 5, 4, unanswered; Bob: 2), Claims & Refunds (Bob: 1, unanswered).
    const plan: { department: string; agent: string; rating: number | null; comment?: string }[] = [
      { department: 'customer-care', agent: ana.id, rating: 5, comment: 'Very helpful' },
      { department: 'customer-care', agent: ana.id, rating: 4 },
      { department: 'customer-care', agent: ana.id, rating: null },
      { department: 'customer-care', agent: bob.id, rating: 2, comment: 'Slow answer' },
      { department: 'claims-refunds', agent: bob.id, rating: 1, comment: 'Refund still missing' },
      { department: 'claims-refunds', agent: bob.id, rating: null },
    ];
    const tokens: string[] = [];
    for (const step of plan) {
      const { caseNumber } = await drive.newCase();
      await drive.patch(caseNumber, { status: 'resolved', department: step.department, assignee: step.agent });
      await drive.runJobsAfter(HOUR);
      tokens.push(await drive.tokenOf(caseNumber));
    }
    for (const [index, step] of plan.entries()) {
      clock.advance(60_000);
      if (step.rating !== null) expect((await drive.answer(tokens[index]!, { rating: String(step.rating), comment: step.comment ?? '' })).statusCode).toBe(303);
    }
    // One survey sent outside the period asked for below.
    clock.set(new Date('2025-06-10T12:00:00Z'));
    const { caseNumber } = await drive.newCase();
    await drive.patch(caseNumber, { status: 'resolved', department: 'customer-care', assignee: ana.id });
    await drive.runJobsAfter(HOUR);
  });
  afterAll(() => t.close({ removeData: true }));

  const distribution = (counts: number[]) => counts.map((count, i) => ({ rating: i + 1, count }));

  it('counts sent and answered surveys, the response rate, the average and the distribution, overall, per department and per agent', async () => {
    const response = await report('?from=2025-05-01&to=2025-05-31');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.period).toEqual({ from: '2025-05-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' });
    expect(body.overall).toEqual({ sent: 6, answered: 4, responseRate: 0.6667, average: 3, distribution: distribution([1, 1, 0, 1, 1]) });
    expect(body.departments).toEqual([
      { slug: 'claims-refunds', name: 'Claims & Refunds', sent: 2, answered: 1, responseRate: 0.5, average: 1, distribution: distribution([1, 0, 0, 0, 0]) },
      { slug: 'customer-care', name: 'Customer Care', sent: 4, answered: 3, responseRate: 0.75, average: 3.67, distribution: distribution([0, 1, 0, 1, 1]) },
    ]);
    expect(body.agents).toEqual([
      { id: ana.id, name: 'Ana Agent', sent: 3, answered: 2, responseRate: 0.6667, average: 4.5, distribution: distribution([0, 0, 0, 1, 1]) },
      { id: bob.id, name: 'Bob Agent', sent: 3, answered: 2, responseRate: 0.6667, average: 1.5, distribution: distribution([1, 1, 0, 0, 0]) },
    ]);
    expect(body.comments.map((c: { comment: string }) => c.comment)).toEqual(['Refund still missing', 'Slow answer', 'Very helpful']);
    expect(body.comments[0]).toMatchObject({ rating: 1, department: { slug: 'claims-refunds', name: 'Claims & Refunds' }, agent: { id: bob.id, name: 'Bob Agent' } });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by department, and pages the comments', async () => {
    const care = (await report('?from=2025-05-01&to=2025-05-31&department=customer-care')).json();
    expect(care.overall).toMatchObject({ sent: 4, answered: 3, average: 3.67 });
    expect(care.departments.map((d: { slug: string }) => d.slug)).toEqual(['customer-care']);

    const first = (await report('?from=2025-05-01&to=2025-05-31&limit=2')).json();
    expect(first.comments.map((c: { comment: string }) => c.comment)).toEqual(['Refund still missing', 'Slow answer']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await report(`?from=2025-05-01&to=2025-05-31&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.comments.map((c: { comment: string }) => c.comment)).toEqual(['Very helpful']);
    expect(second.nextCursor).toBeNull();

    // Defaults to the 30 days up to today: here only the survey of June (sent, unanswered).
    const recent = (await report('')).json();
    expect(recent.overall).toMatchObject({ sent: 1, answered: 0, responseRate: 0, average: null });
  });

  it('is for supervisors and admins: 401 signed out, 403 for agents', async () => {
    const as = async (email: string) => t.app.inject({ method: 'GET', url: '/api/v1/admin/satisfaction?from=2025-05-01&to=2025-05-31', headers: await signIn(t.app, { email, password: PASSWORD }) });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/satisfaction' })).statusCode).toBe(401);
    const asAgent = await as('ana.agent@postdesk.test');
    expect(asAgent.statusCode).toBe(403);
    expect(asAgent.json().error.code).toBe('auth.forbidden');
    const asSupervisor = await as('sue.supervisor@postdesk.test');
    expect(asSupervisor.statusCode).toBe(200);
    expect(asSupervisor.json().overall.sent).toBe(6);
  });

  it('answers 422 for an unknown department, a malformed date or an empty period', async () => {
    for (const query of ['?department=nowhere', '?from=May', '?from=2025-05-10&to=2025-05-01', '?cursor=bm90LWEtY3Vyc29y']) {
      const response = await report(query);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().error.code).toBe('validation.failed');
    }
  });
});

describe('survey answers per client address', () => {
  it('answers 429 once an address has posted too often', async () => {
    const t = await createTestApp({ worker: false, env: { POSTDESK_RATE_LIMITS: 'on' }, options: { rateLimits: { submitPerWindow: 2, statusPerWindow: 60, window: '10 minutes' } } });
    try {
      const post = () => t.app.inject({ method: 'POST', url: `/survey/${'B'.repeat(43)}`, remoteAddress: '198.51.100.9', headers: FORM, payload: urlencoded({ rating: '5' }) });
      const codes = [(await post()).statusCode, (await post()).statusCode, (await post()).statusCode];
      expect(codes).toEqual([403, 403, 429]);
    } finally {
      await t.close({ removeData: true });
    }
  });
});
