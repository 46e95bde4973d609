import { Type } from 'typebox';
import { TEMPLATE_VARIABLES } from './template.js';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({
  minLength: 1, maxLength: 20_000,
  description: `plain text; variables: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')} (any other is refused)`,
});
const Language = Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1' });
const DepartmentSlug = Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 100 })], { description: 'a department slug; null: every department' });

export const CannedIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateCannedBody = Type.Object(
  { title: Title, body: Body, language: Language, department: Type.Optional(DepartmentSlug), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const UpdateCannedBody = Type.Object(
  { title: Type.Optional(Title), body: Type.Optional(Body), language: Type.Optional(Language), department: Type.Optional(DepartmentSlug), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

const CannedSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  language: Type.String(),
  department: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CannedResponse = Type.Object({ cannedResponse: CannedSchema });
export const CannedListResponse = Type.Object({ cannedResponses: Type.Array(CannedSchema) });

export const CannedForCaseQuery = Type.Object({
  caseNumber: Type.Optional(Type.String({ maxLength: 40, description: "only those in the case's language and for its department (or every department)" })),
});

export const RenderBody = Type.Object({ caseNumber: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export const RenderResponse = Type.Object({ body: Type.String() });
