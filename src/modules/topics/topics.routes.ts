import { Type } from 'typebox';
import type { HttpApp } from '../../http/types.js';
import type { TopicService } from './topics.service.js';

const TopicsQuery = Type.Object({ locale: Type.Optional(Type.String({ maxLength: 10 })) });

const TopicsResponse = Type.Object({
  topics: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      department: Type.String(),
      departmentName: Type.String(),
      urgentGuidance: Type.Optional(Type.String()),
      fields: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean() })),
    }),
  ),
});

export function registerTopicRoutes(app: HttpApp, deps: { topics: TopicService }): void {
  app.get('/api/v1/topics', { schema: { querystring: TopicsQuery, response: { 200: TopicsResponse } } }, async (request) => ({
    topics: await deps.topics.listForCustomers(request.query.locale),
  }));
}
