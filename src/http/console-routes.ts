import type { ConsoleServices } from '../console-services.js';
import type { AuthService } from '../modules/agents/auth.service.js';
import { registerCaseActionRoutes } from '../modules/cases/case-actions.routes.js';
import { registerTaskRoutes } from '../modules/tasks/tasks.routes.js';
import { registerAgentAdminRoutes } from '../modules/agents/agent-admin.routes.js';
import { registerDepartmentRoutes } from '../modules/assignment/departments.routes.js';
import { registerSettingsRoutes } from '../modules/settings/settings.routes.js';
import { registerTopicAdminRoutes } from '../modules/topics/topic-admin.routes.js';
import { registerCannedResponseRoutes } from '../modules/canned-responses/canned-responses.routes.js';
import type { Clock } from '../kernel/clock.js';
import type { HttpApp } from './types.js';

/** Registers the agent console's routes of issue #5 (case actions, tasks, agents, administration). */
export function registerConsoleRoutes(app: HttpApp, deps: ConsoleServices & { auth: AuthService; clock: Clock }): void {
  registerCaseActionRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerCannedResponseRoutes(app, deps);
  registerAgentAdminRoutes(app, deps);
  registerDepartmentRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerTopicAdminRoutes(app, deps);
}
