import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from './passwords.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

/** What the console learns about the signed-in agent. */
export const AgentView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('agent'), Type.Literal('supervisor'), Type.Literal('admin')]),
});

/** Login and /me answer alike: the agent and the token to send as X-CSRF-Token. */
export const SessionView = Type.Object({ agent: AgentView, csrfToken: Type.String() });
