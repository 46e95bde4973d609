export { AGENT_ROLES, hasRole, isAgentRole, normalizeAgentEmail, type Agent, type AgentRole } from './agent.js';
export {
  createAuthService,
  type AuditActor,
  type AuthService,
  type AuthServiceDeps,
  type AuthenticatedSession,
  type BootstrapAdminOptions,
  type BootstrapAdminResult,
  type LoginResult,
  type NewAgentInput,
} from './auth.service.js';
