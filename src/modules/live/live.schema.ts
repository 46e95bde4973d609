import { Type, type Static } from 'typebox';

/** Frames the console sends: where the agent is and whether they are typing a reply there. */
export const ClientFrame = Type.Union([
  Type.Object({
    type: Type.Literal('presence'),
    caseNumber: Type.String({ minLength: 1, maxLength: 40 }),
    state: Type.Union([Type.Literal('viewing'), Type.Literal('typing')]),
  }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('presence.leave') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false }),
]);
export type ClientFrame = Static<typeof ClientFrame>;

/**
 * Frames the server sends. `cases.changed` names case ids (the list/detail field `id`); `resync`
 * says changes may have been missed (the server stopped hearing other processes for a while), so
 * the console refetches what it shows, as after a reconnect.
 */
export type ServerFrame =
  | { type: 'hello'; agentId: string }
  | { type: 'resync' }
  | { type: 'cases.changed'; caseIds: string[] }
  | { type: 'presence'; caseNumber: string; agents: { agentId: string; name: string; state: 'viewing' | 'typing' }[] }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };
