import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../storage/database.js';
import type { AuthService } from '../agents/index.js';
import type { RoutingRule } from './routing-rules.js';
import {
  CreateRoutingRuleBody, RoutingRuleIdParams, RoutingRuleListResponse, RoutingRuleResponse, UpdateRoutingRuleBody,
} from './routing-rules.schema.js';
import { createRoutingRuleService } from './routing-rules.service.js';

/** Routing rules admins add on top of triage: admins only, every change audited. */
export function registerRoutingRuleRoutes(app: HttpApp, deps: { db: Kysely<Database>; clock: Clock; auth: AuthService }): void {
  const rules = createRoutingRuleService({ db: deps.db, clock: deps.clock });
  const adminOnly = requireAgent(deps.auth, 'admin');

  app.get('/api/v1/admin/routing-rules', {
    schema: { response: { 200: RoutingRuleListResponse } },
    preValidation: adminOnly,
  }, async () => ({ rules: (await rules.list()).map(presentRule) }));

  app.post('/api/v1/admin/routing-rules', {
    schema: { body: CreateRoutingRuleBody, response: { 201: RoutingRuleResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const rule = await rules.create(request.body, currentAgent(request));
    reply.status(201);
    return { rule: presentRule(rule) };
  });

  app.patch('/api/v1/admin/routing-rules/:id', {
    schema: { params: RoutingRuleIdParams, body: UpdateRoutingRuleBody, response: { 200: RoutingRuleResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const rule = await rules.update(request.params.id, request.body, currentAgent(request));
    return rule ? { rule: presentRule(rule) } : replyNotFound(reply);
  });

  app.delete('/api/v1/admin/routing-rules/:id', {
    schema: { params: RoutingRuleIdParams, response: { 200: RoutingRuleResponse } },
    preValidation: adminOnly,
  }, async (request, reply) => {
    const rule = await rules.remove(request.params.id, currentAgent(request));
    return rule ? { rule: presentRule(rule) } : replyNotFound(reply);
  });
}

// TODO(#4): throw AppError('routing_rule.not_found') once that code is in kernel/errors.ts and the HTTP table.
function replyNotFound(reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'routing_rule.not_found', message: 'There is no such routing rule.' } });
}

function presentRule(rule: RoutingRule) {
  return { ...rule, createdAt: rule.createdAt.toISOString(), updatedAt: rule.updatedAt.toISOString() };
}
