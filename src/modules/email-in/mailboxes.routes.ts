import type { FastifyReply } from 'fastify';
import type { HttpApp } from '../../http/types.js';
import { requireAgent } from '../../http/auth.js';
import type { AuthService } from '../agents/auth.service.js';
import type { MailboxService, MailboxView } from './mailboxes.service.js';
import { CreateMailboxBody, MailboxIdParams, MailboxListResponse, MailboxResponse, UpdateMailboxBody } from './mailboxes.schema.js';

/** IMAP mailboxes Postdesk polls: admins only; the password is write-only. */
export function registerMailboxRoutes(app: HttpApp, deps: { mailboxes: MailboxService; auth: AuthService }): void {
  const adminOnly = requireAgent(deps.auth, 'admin');

  app.get('/api/v1/admin/mailboxes', {
    schema: { response: { 200: MailboxListResponse } },
    preValidation: adminOnly,
  }, async () => ({ mailboxes: (await deps.mailboxes.list()).map(presentMailbox) }));

  app.post('/api/v1/admin/mailboxes', {
    schema: { body: CreateMailboxBody, response: { 201: MailboxResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const { folder, processedFolder, ...rest } = request.body;
    const mailbox = await deps.mailboxes.create({ ...rest, folder: folder ?? 'INBOX', processedFolder: processedFolder ?? null });
    reply.status(201);
    return { mailbox: presentMailbox(mailbox) };
  });

  app.patch('/api/v1/admin/mailboxes/:id', {
    schema: { params: MailboxIdParams, body: UpdateMailboxBody, response: { 200: MailboxResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const mailbox = await deps.mailboxes.update(request.params.id, request.body);
    return mailbox ? { mailbox: presentMailbox(mailbox) } : replyNotFound(reply);
  });

  app.delete('/api/v1/admin/mailboxes/:id', {
    schema: { params: MailboxIdParams, response: { 200: MailboxResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const mailbox = await deps.mailboxes.deactivate(request.params.id);
    return mailbox ? { mailbox: presentMailbox(mailbox) } : replyNotFound(reply);
  });
}

// TODO(#3): throw AppError('mailbox.not_found') once that code is in kernel/errors.ts and the HTTP table.
function replyNotFound(reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'mailbox.not_found', message: 'There is no such mailbox.' } });
}

function presentMailbox(mailbox: MailboxView) {
  return {
    id: mailbox.id,
    name: mailbox.name,
    host: mailbox.host,
    port: mailbox.port,
    tls: mailbox.tls,
    username: mailbox.username,
    folder: mailbox.folder,
    processedFolder: mailbox.processedFolder,
    active: mailbox.active,
    uidValidity: mailbox.uidValidity,
    lastUid: mailbox.lastUid,
    lastError: mailbox.lastError,
    lastPolledAt: mailbox.lastPolledAt?.toISOString() ?? null,
    createdAt: mailbox.createdAt.toISOString(),
    updatedAt: mailbox.updatedAt.toISOString(),
  };
}
