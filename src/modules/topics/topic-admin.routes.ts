import { Type } from 'typebox';
import { currentAgent, requireAgent } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/auth.service.js';
import type { LocalizedText, Topic } from './topic.js';
import type { TopicAdminService } from './topic-admin.service.js';

const Text = Type.String({ minLength: 1, maxLength: 2000 });
const Localized = Type.Object({ en: Text }, { patternProperties: { '^(?!en$)[a-z]{2}$': Text }, additionalProperties: false, description: 'text per ISO 639-1 language; en is required' });

const TopicPatchBody = Type.Object(
  {
    names: Type.Optional(Localized),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    active: Type.Optional(Type.Boolean()),
    urgentGuidance: Type.Optional(Type.Union([Type.Null(), Localized])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const TopicAdminResponse = Type.Object({
  topic: Type.Object({
    slug: Type.String(),
    names: Type.Record(Type.String(), Type.String()),
    department: Type.String(),
    active: Type.Boolean(),
    urgentGuidance: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
    fields: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean() })),
  }),
});

/** Admins edit topics (the form's list and triage's targets); every change is audited. */
export function registerTopicAdminRoutes(app: HttpApp, deps: { auth: AuthService; topicAdmin: TopicAdminService }): void {
  app.get('/api/v1/admin/topics', {
    schema: { response: { 200: Type.Object({ topics: Type.Array(TopicAdminResponse.properties.topic) }) } },
    preValidation: requireAgent(deps.auth, 'admin'),
  }, async () => ({ topics: (await deps.topicAdmin.list()).map(present) }));

  app.patch('/api/v1/admin/topics/:slug', {
    schema: { params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) }), body: TopicPatchBody, response: { 200: TopicAdminResponse } },
    preValidation: requireAgent(deps.auth, 'admin'),
  }, async (request) => ({ topic: present(await deps.topicAdmin.update(request.params.slug, request.body, currentAgent(request))) }));
}

function present(topic: Topic) {
  return {
    slug: topic.slug, names: textsOf(topic.names), department: topic.department.slug, active: topic.active,
    urgentGuidance: topic.urgentGuidance ? textsOf(topic.urgentGuidance) : null, fields: topic.fields,
  };
}

function textsOf(text: LocalizedText): Record<string, string> {
  return Object.fromEntries(Object.entries(text).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
