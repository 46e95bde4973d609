import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { HttpApp } from '../../http/types.js';
import { requireAgent } from '../../http/auth.js';
import { AppError } from '../../kernel/errors.js';
import type { Database } from '../../storage/database.js';
import type { AuthService } from '../agents/auth.service.js';
import { findOutboundMail, listOutboundMail } from './outbound.repository.js';
import type { OutboundMail } from './outbound-mail.js';

const MailListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  to: Type.Optional(Type.String({ maxLength: 320 })),
});

const MailView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'confirmation, reply, acknowledgement, notice' }),
  status: Type.String({ description: 'queued, sent, failed' }),
  transport: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  replyTo: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** The built-in mail preview: what Postdesk sent (or would have sent) — admins only. */
export function registerMailPreviewRoutes(app: HttpApp, deps: { db: Kysely<Database>; auth: AuthService }): void {
  app.get('/api/v1/admin/mail', { schema: { querystring: MailListQuery, response: { 200: Type.Object({ mails: Type.Array(MailView) }) } }, preValidation: requireAgent(deps.auth, 'admin') }, async (request) => {
    const mails = await listOutboundMail(deps.db, { limit: request.query.limit ?? 50 });
    const to = request.query.to?.toLowerCase();
    return { mails: mails.filter((m) => !to || m.to === to).map(presentMail) };
  });

  app.get('/api/v1/admin/mail/:id', {
    schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ mail: MailView }) } },
    preValidation: requireAgent(deps.auth, 'admin'),
  }, async (request) => {
    const mail = await findOutboundMail(deps.db, request.params.id);
    if (!mail) throw new AppError('mail.not_found', 'No mail has this id.');
    return { mail: presentMail(mail) };
  });
}

function presentMail(mail: OutboundMail) {
  return {
    id: mail.id,
    kind: mail.kind,
    status: mail.status,
    transport: mail.transport,
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    replyTo: mail.replyTo,
    subject: mail.subject,
    headers: mail.headers,
    text: mail.text,
    html: mail.html,
    error: mail.error,
    createdAt: mail.createdAt.toISOString(),
    sentAt: mail.sentAt?.toISOString() ?? null,
  };
}
