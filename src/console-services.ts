import type { Kysely } from 'kysely';
import type { Clock } from './kernel/clock.js';
import type { EventBus } from './kernel/events.js';
import type { Database } from './storage/database.js';
import { createCaseLinkService, type CaseLinkService } from './modules/cases/case-links.service.js';
import { createCaseMergeService, type CaseMergeService } from './modules/cases/case-merge.service.js';

/** The agent console's use cases beyond CONTRACT.md (issue #5), wired apart to keep container.ts small. */
export type ConsoleServices = {
  merges: CaseMergeService;
  links: CaseLinkService;
};

export type ConsoleServiceDeps = { db: Kysely<Database>; clock: Clock; events: EventBus };

export function createConsoleServices(deps: ConsoleServiceDeps): ConsoleServices {
  const { db, clock, events } = deps;
  return {
    merges: createCaseMergeService({ db, clock, events }),
    links: createCaseLinkService({ db, clock, events }),
  };
}
