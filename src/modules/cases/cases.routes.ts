import { AppError } from '../../kernel/errors.js';
import type { HttpApp } from '../../http/types.js';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { CaseUpdateService } from './case-updates.service.js';
import type { CaseReplyService } from './case-replies.service.js';
import type { AuthService } from '../agents/auth.service.js';
import { CHANNELS, isCaseStatus, isPriority, type Channel } from './case.js';
import type { CaseDetail, CaseQueryService } from './cases.service.js';
import type { IntakeService } from './intake.service.js';
import { readMultipartForm } from '../../http/multipart-form.js';
import { CasePatchBody, NoteBody, NoteResponse, ReplyBody, ReplyResponse, CaseDetailResponse, CaseListQuery, CaseListResponse, CaseNumberParams, CaseStatusResponse, QueueListResponse, StatusQuery, SubmittedCaseResponse } from './cases.schema.js';
import type { CaseSummary } from './case-queries.js';

export type CaseRouteLimits = {
  submitPerWindow: number;
  statusPerWindow: number;
  window: string;
  /** Help-hub form cases per customer email per hour (default 5); the JSON API is limited per address only. */
  casesPerEmailPerHour?: number;
};

type Deps = {
  intake: IntakeService;
  cases: CaseQueryService;
  updates: CaseUpdateService;
  replies: CaseReplyService;
  auth: AuthService;
  limits: CaseRouteLimits | null;
};

export function registerCaseRoutes(app: HttpApp, deps: Deps): void {
  const rateLimit = (max: number) => (deps.limits ? { rateLimit: { max, timeWindow: deps.limits.window } } : undefined);

  app.post('/api/v1/cases', {
    schema: { response: { 201: SubmittedCaseResponse } },
    config: rateLimit(deps.limits?.submitPerWindow ?? 0),
  }, async (request, reply) => {
    const { fields, files, fileError } = request.isMultipart() ? await readMultipartForm(request) : { fields: readJsonBody(request.body), files: [], fileError: null };
    if (fileError) throw fileError;
    const submitted = await deps.intake.submitForm(fields, files);
    reply.status(201);
    return {
      caseNumber: submitted.caseNumber,
      status: submitted.status,
      expectedReplyBy: submitted.expectedReplyBy.toISOString(),
      ...(submitted.guidance ? { guidance: submitted.guidance } : {}),
    };
  });

  app.get('/api/v1/cases/:caseNumber/status', {
    schema: { params: CaseNumberParams, querystring: StatusQuery, response: { 200: CaseStatusResponse } },
    config: rateLimit(deps.limits?.statusPerWindow ?? 0),
  }, async (request) => {
    const view = await deps.cases.statusForCustomer(request.params.caseNumber, request.query.email);
    return { ...view, createdAt: view.createdAt.toISOString(), expectedReplyBy: view.expectedReplyBy.toISOString() };
  });

  app.get('/api/v1/cases', {
    schema: { querystring: CaseListQuery, response: { 200: CaseListResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => {
    const { status, priority, channel, ...rest } = request.query;
    const page = await deps.cases.list({
      ...rest,
      status: parseListFilter('status', status, isCaseStatus),
      priority: parseListFilter('priority', priority, isPriority),
      channel: parseListFilter('channel', channel, isChannel),
      limit: request.query.limit ?? 50,
    }, currentAgent(request));
    return { cases: page.cases.map(presentSummary), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/queues', {
    schema: { response: { 200: QueueListResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => ({ queues: await deps.cases.queues(currentAgent(request)) }));

  app.get('/api/v1/cases/:caseNumber', {
    schema: { params: CaseNumberParams, response: { 200: CaseDetailResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => ({ case: presentDetail(await deps.cases.detail(request.params.caseNumber)) }));

  app.patch('/api/v1/cases/:caseNumber', {
    schema: { params: CaseNumberParams, body: CasePatchBody, response: { 200: CaseDetailResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request) => {
    await deps.updates.update(request.params.caseNumber, request.body, currentAgent(request));
    return { case: presentDetail(await deps.cases.detail(request.params.caseNumber)) };
  });

  app.post('/api/v1/cases/:caseNumber/replies', {
    schema: { params: CaseNumberParams, body: ReplyBody, response: { 201: ReplyResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request, reply) => {
    const result = await deps.replies.reply(request.params.caseNumber, request.body, currentAgent(request));
    reply.status(201);
    return { messageId: result.messageId, status: result.status };
  });

  app.post('/api/v1/cases/:caseNumber/notes', {
    schema: { params: CaseNumberParams, body: NoteBody, response: { 201: NoteResponse } },
    preValidation: requireAgent(deps.auth),
  }, async (request, reply) => {
    const result = await deps.replies.addNote(request.params.caseNumber, request.body, currentAgent(request));
    reply.status(201);
    return { messageId: result.messageId };
  });

  app.get('/api/v1/attachments/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as never },
    preValidation: requireAgent(deps.auth),
  }, async (request, reply) => {
    const { attachment, bytes } = await deps.cases.attachmentContent((request.params as { id: string }).id);
    // Always a download, never rendered in our origin: a crafted file cannot run script as us.
    return reply
      .header('Content-Type', attachment.contentType)
      .header('Content-Disposition', attachmentDisposition(attachment.filename))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(bytes);
  });
}

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 name in `filename*` (RFC 8187 encoding). */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A comma-separated filter (`status=new,open`); an unknown value is a 422 naming the field. */
function parseListFilter<T extends string>(field: string, value: string | undefined, isValid: (item: string) => item is T): T[] {
  const items = value?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  const invalid = items.filter((item) => !isValid(item));
  if (invalid.length > 0) throw new AppError('validation.failed', `Unknown ${field} filter.`, { [field]: `unknown ${field} ${invalid.join(', ')}` });
  return items.filter(isValid);
}

function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

function readJsonBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('request.malformed', 'Send the form as a JSON object.');
  }
  return body as Record<string, unknown>;
}

function presentSummary(summary: CaseSummary) {
  return {
    id: summary.id,
    caseNumber: summary.caseNumber,
    subject: summary.subject,
    status: summary.status,
    topic: summary.topic,
    department: summary.department,
    departmentName: summary.departmentName,
    priority: summary.priority,
    channel: summary.channel,
    language: summary.language,
    customer: { name: summary.customer.name, email: summary.customer.email },
    assignee: summary.assigneeId,
    createdAt: summary.createdAt.toISOString(),
    firstResponseDueAt: summary.firstResponseDueAt.toISOString(),
  };
}

function presentDetail(detail: CaseDetail) {
  return {
    ...presentSummary(detail),
    trackingNumbers: detail.trackingNumbers,
    linkedCases: detail.linkedCases,
    customer: {
      name: detail.customerRecord.name,
      email: detail.customerRecord.email,
      phone: detail.customerRecord.phone,
      registered: detail.customerRecord.registered,
    },
    messages: detail.messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      channel: m.channel,
      author: { type: m.authorType, id: m.authorId, name: authorName(detail, m.authorType, m.authorId) },
      subject: m.subject,
      text: m.text,
      html: m.html,
      attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: `/api/v1/attachments/${a.id}` })),
      fullText: m.fullText,
      senderEmail: m.senderEmail,
      auth: m.auth,
      flags: m.flags,
      createdAt: m.createdAt.toISOString(),
    })),
    events: detail.events.map((e) => ({ type: e.type, actor: { ...e.actor, name: authorName(detail, e.actor.type, e.actor.id) }, data: e.data, createdAt: e.createdAt.toISOString() })),
    satisfaction: detail.satisfaction && {
      ...detail.satisfaction,
      sentAt: detail.satisfaction.sentAt?.toISOString() ?? null,
      answeredAt: detail.satisfaction.answeredAt?.toISOString() ?? null,
    },
  };
}

function authorName(detail: CaseDetail, type: string, id: string | null): string | null {
  if (type === 'customer') return detail.customerRecord.name;
  return type === 'agent' && id ? detail.agentNames.get(id) ?? null : null;
}
