import { Type } from 'typebox';


export const CaseNumberParams = Type.Object({ caseNumber: Type.String({ maxLength: 40 }) });

export const SubmittedCaseResponse = Type.Object({
  caseNumber: Type.String(),
  status: Type.String(),
  expectedReplyBy: Type.String({ format: 'date-time' }),
  guidance: Type.Optional(Type.String()),
});

export const StatusQuery = Type.Object({ email: Type.String({ maxLength: 320 }) });

export const CaseStatusResponse = Type.Object({
  caseNumber: Type.String(),
  status: Type.String(),
  topic: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expectedReplyBy: Type.String({ format: 'date-time' }),
});

export const CaseListQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'comma-separated statuses' })),
  department: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String()),
  assignee: Type.Optional(Type.String()),
  priority: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated priorities' })),
  channel: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated channels' })),
  language: Type.Optional(Type.String({ maxLength: 16, description: 'ISO 639-1 code' })),
  queue: Type.Optional(Type.String({ maxLength: 120, description: 'a queue id of GET /api/v1/queues' })),
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('due')], { description: 'newest first (default) or first response due time, soonest first' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'full-text search; a case number or tracking number matches exactly' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const QueueListResponse = Type.Object({
  queues: Type.Array(
    Type.Object({
      id: Type.String({ description: 'mine, unassigned, triage, due-soon, breached or department:<slug>; the `queue` filter of GET /api/v1/cases' }),
      name: Type.String(),
      count: Type.Integer(),
    }),
  ),
});

const CaseSummarySchema = Type.Object({
  id: Type.String({ description: 'internal id; the live channel names changed cases by it' }),
  caseNumber: Type.String(),
  subject: Type.String(),
  status: Type.String({ description: 'new, open, pending_customer, resolved, closed, spam, merged' }),
  topic: Type.String(),
  department: Type.String(),
  departmentName: Type.String(),
  priority: Type.String({ description: 'low, normal, high, urgent' }),
  channel: Type.String({ description: 'web, email, chat, social, phone' }),
  language: Type.String(),
  customer: Type.Object({ name: Type.String(), email: Type.String() }),
  assignee: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
});

export const CaseListResponse = Type.Object({
  cases: Type.Array(CaseSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const AttachmentSchema = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  url: Type.String(),
});

const MessageSchema = Type.Object({
  id: Type.String(),
  direction: Type.String(),
  channel: Type.String(),
  author: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
  subject: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(AttachmentSchema),
  /** Email: the whole text with quoted history (`text` is the visible reply). */
  fullText: Type.Union([Type.String(), Type.Null()]),
  senderEmail: Type.Union([Type.String(), Type.Null()]),
  /** Email: SPF/DKIM/DMARC results; `authenticated` says whether the From domain is proven. */
  auth: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  /** Review flags, e.g. unprovenClaim, differentSender, automatic, unparsable, blockedRemoteImages. */
  flags: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const EventSchema = Type.Object({
  type: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
});

const SatisfactionSchema = Type.Object({
  status: Type.String({ description: 'scheduled, sent, answered or cancelled' }),
  skipReason: Type.Union([Type.String(), Type.Null()], { description: 'why a cancelled survey was not sent: reopened, spam, merged, no_email, email_bounced' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rating: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()], { description: '1 very dissatisfied … 5 very satisfied' }),
  comment: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CaseDetailResponse = Type.Object({
  case: Type.Object({
      ...CaseSummarySchema.properties,
      trackingNumbers: Type.Array(Type.Object({ number: Type.String(), carrier: Type.String(), valid: Type.Boolean() })),
      linkedCases: Type.Array(Type.Object({ caseNumber: Type.String(), kind: Type.String() })),
      customer: Type.Object({
        name: Type.String(),
        email: Type.String(),
        phone: Type.Union([Type.String(), Type.Null()]),
        registered: Type.Boolean(),
      }),
      messages: Type.Array(MessageSchema),
      events: Type.Array(EventSchema),
      satisfaction: Type.Union([SatisfactionSchema, Type.Null()], { description: 'the customer\'s satisfaction survey; null when the case never had one' }),
  }),
});

export const CasePatchBody = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 40 })),
    priority: Type.Optional(Type.String({ maxLength: 20 })),
    department: Type.Optional(Type.String({ maxLength: 100 })),
    topic: Type.Optional(Type.String({ maxLength: 100 })),
    // Null first: with type coercion on, ajv would turn null into "" for a string branch tried earlier.
    assignee: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 64 })])),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ReplyBody = Type.Object(
  {
    body: Type.String({ maxLength: 60_000 }),
    /** The case's status after the reply; `pending_customer` unless chosen otherwise. */
    status: Type.Optional(Type.String({ maxLength: 40 })),
    /** The newest message id the agent saw; a newer message by someone else answers 409 `case.stale_view`. */
    basedOnMessageId: Type.Optional(Type.String({ maxLength: 64 })),
    /** Send even though the view is stale. */
    confirmStale: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ body: Type.String({ maxLength: 60_000 }) }, { additionalProperties: false });

export const ReplyResponse = Type.Object({ messageId: Type.String(), status: Type.String() });

export const NoteResponse = Type.Object({ messageId: Type.String() });
