import { Type } from 'typebox';
import { CALL_DIRECTIONS } from './case-calls.service.js';
import { MANUAL_LINK_KINDS } from './case-links.service.js';

const CaseNumber = Type.String({ minLength: 1, maxLength: 40, description: 'PD-XXXX-XXXX' });
const Reason = Type.String({ maxLength: 2000 });

export const LinkParams = Type.Object({ caseNumber: CaseNumber, other: CaseNumber });

export const MergeBody = Type.Object(
  { into: CaseNumber, reason: Type.Optional(Reason) },
  { additionalProperties: false, description: 'Merge this case into `into`: same customer only; the thread moves to `into`.' },
);

export const MergeResponse = Type.Object({
  case: Type.Object({ caseNumber: Type.String(), status: Type.Literal('merged'), mergedInto: Type.String() }),
  target: Type.Object({ caseNumber: Type.String(), status: Type.String() }),
  movedMessages: Type.Integer({ description: 'messages moved from this case to the target' }),
});

export const LinkBody = Type.Object(
  { caseNumber: CaseNumber, kind: Type.Optional(Type.Enum(MANUAL_LINK_KINDS, { default: 'related' })) },
  { additionalProperties: false },
);

export const LinkedCasesResponse = Type.Object({
  linkedCases: Type.Array(Type.Object({
    caseNumber: Type.String(),
    kind: Type.String({ description: 'related, duplicate, merged-into, merged-from, same-tracking-number, unproven-claim, follow-up-of-closed' }),
  })),
});

export const CallBody = Type.Object(
  {
    summary: Type.String({ maxLength: 20_000 }),
    direction: Type.Enum(CALL_DIRECTIONS, { description: 'inbound: the customer called; outbound: we called them' }),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
  },
  { additionalProperties: false },
);

export const CallResponse = Type.Object({ messageId: Type.String({ description: 'the thread message (channel phone)' }) });
