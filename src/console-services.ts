import type { Kysely } from 'kysely';
import type { Clock } from './kernel/clock.js';
import type { EventBus } from './kernel/events.js';
import type { Database } from './storage/database.js';
import { createCaseLinkService, type CaseLinkService } from './modules/cases/case-links.service.js';
import { createCaseMergeService, type CaseMergeService } from './modules/cases/case-merge.service.js';
import { createCaseCallService, type CaseCallService } from './modules/cases/case-calls.service.js';
import { createTaskService, type TaskService } from './modules/tasks/tasks.service.js';
import { createAgentAdminService, type AgentAdminService } from './modules/agents/agent-admin.service.js';
import { createDepartmentService, type DepartmentService } from './modules/assignment/departments.service.js';
import { createSettingsService, type SettingsService } from './modules/settings/settings.service.js';
import { createTopicAdminService, type TopicAdminService } from './modules/topics/topic-admin.service.js';
import type { MailSettings } from './modules/email-out/confirmation.service.js';
import { createCannedResponseService, type CannedResponseService } from './modules/canned-responses/canned-responses.service.js';

/** The agent console's use cases beyond CONTRACT.md (issue #5), wired apart to keep container.ts small. */
export type ConsoleServices = {
  merges: CaseMergeService;
  links: CaseLinkService;
  calls: CaseCallService;
  tasks: TaskService;
  canned: CannedResponseService;
  agents: AgentAdminService;
  departments: DepartmentService;
  settings: SettingsService;
  topicAdmin: TopicAdminService;
};

export type ConsoleServiceDeps = { db: Kysely<Database>; clock: Clock; events: EventBus; mail: MailSettings };

export function createConsoleServices(deps: ConsoleServiceDeps): ConsoleServices {
  const { db, clock, events } = deps;
  return {
    merges: createCaseMergeService({ db, clock, events }),
    links: createCaseLinkService({ db, clock, events }),
    calls: createCaseCallService({ db, clock, events }),
    tasks: createTaskService({ db, clock, events }),
    canned: createCannedResponseService({ db, clock }),
    agents: createAgentAdminService({ db, clock, mail: deps.mail }),
    departments: createDepartmentService({ db, clock }),
    settings: createSettingsService({ db, clock }),
    topicAdmin: createTopicAdminService({ db, clock }),
  };
}
