import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { AppError, type FieldErrors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { Database, Executor } from '../../storage/database.js';
import type { Agent } from '../agents/agent.js';
import { recordAudit } from '../audit/index.js';
import { requireCase } from '../cases/case-audit.js';
import { listTrackingNumbers } from '../cases/cases.repository.js';
import { findCustomerById } from '../customers/customers.repository.js';
import { listDepartments } from '../topics/topics.repository.js';
import {
  deleteCannedResponse, findCannedResponse, listCannedResponses, saveCannedResponse, type CannedResponse,
} from './canned-responses.repository.js';
import { checkTemplate, renderTemplate } from './template.js';

export type CannedInput = { title: string; body: string; language: string; department?: string | null | undefined; active?: boolean | undefined };
export type CannedPatch = Partial<CannedInput>;

export interface CannedResponseService {
  list(): Promise<CannedResponse[]>;
  create(input: CannedInput, admin: Agent): Promise<CannedResponse>;
  update(id: string, patch: CannedPatch, admin: Agent): Promise<CannedResponse>;
  remove(id: string, admin: Agent): Promise<CannedResponse>;
  /** Active responses; for a case, only those in its language and for its department (or every department). */
  listForCase(caseNumber: string | undefined): Promise<CannedResponse[]>;
  /** The response's text with the case's values filled in. */
  render(id: string, caseNumber: string, agent: Agent): Promise<string>;
}

export function createCannedResponseService(deps: { db: Kysely<Database>; clock: Clock }): CannedResponseService {
  const notFound = () => new AppError('canned_response.not_found', 'There is no such canned response.');

  /** Validates, stores and audits one version of a response in a transaction. */
  async function store(id: string | null, input: CannedInput, admin: Agent): Promise<CannedResponse> {
    const now = deps.clock.now();
    return deps.db.transaction().execute(async (trx) => {
      const before = id ? await findCannedResponse(trx, id) : null;
      if (id && !before) throw notFound();
      const after: CannedResponse = {
        id: id ?? newId(now.getTime()), title: input.title.trim(), body: input.body.replace(/\r\n?/g, '\n').trim(), language: input.language,
        department: await resolveDepartment(trx, input.department), active: input.active ?? true, createdAt: before?.createdAt ?? now, updatedAt: now,
      };
      assertValid(after);
      await saveCannedResponse(trx, after);
      const action = before ? 'canned_response.updated' : 'canned_response.created';
      await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action, subject: `canned_response:${after.id}`, data: before ? { before: snapshot(before), after: snapshot(after) } : snapshot(after), at: now });
      return after;
    });
  }

  return {
    list: () => listCannedResponses(deps.db, { activeOnly: false }),
    create: (input, admin) => store(null, input, admin),
    async update(id, patch, admin) {
      const current = await findCannedResponse(deps.db, id);
      if (!current) throw notFound();
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as CannedPatch;
      return store(id, { ...current, department: current.department?.slug ?? null, ...defined }, admin);
    },
    async remove(id, admin) {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const found = await findCannedResponse(trx, id);
        if (!found) throw notFound();
        await deleteCannedResponse(trx, id);
        await recordAudit(trx, { actorType: 'agent', actorId: admin.id, action: 'canned_response.deleted', subject: `canned_response:${id}`, data: snapshot(found), at: now });
        return found;
      });
    },
    async listForCase(caseNumber) {
      if (!caseNumber) return listCannedResponses(deps.db, { activeOnly: true });
      const record = await requireCase(deps.db, caseNumber);
      return listCannedResponses(deps.db, { activeOnly: true, language: record.language, departmentId: record.departmentId });
    },
    async render(id, caseNumber, agent) {
      const canned = await findCannedResponse(deps.db, id);
      if (!canned || !canned.active) throw notFound();
      const record = await requireCase(deps.db, caseNumber);
      const [customer, tracking] = await Promise.all([findCustomerById(deps.db, record.customerId), listTrackingNumbers(deps.db, record.id)]);
      const first = tracking.find((t) => t.valid) ?? tracking[0];
      return renderTemplate(canned.body, { 'customer.name': customer?.name ?? '', 'case.number': record.number, 'tracking.number': first?.number ?? '', 'agent.name': agent.name });
    },
  };
}

async function resolveDepartment(executor: Executor, slug: string | null | undefined): Promise<CannedResponse['department']> {
  if (slug === null || slug === undefined) return null;
  const department = (await listDepartments(executor)).find((d) => d.slug === slug);
  if (!department) throw new AppError('validation.failed', 'No department has this slug.', { department: `unknown department ${slug}` });
  return department;
}

/** 422 per field: the title, an empty body, and every template problem (unknown variables above all). */
function assertValid(canned: CannedResponse): void {
  const fields: FieldErrors = {};
  if (canned.title === '') fields.title = 'Give the response a title.';
  if (canned.body === '') fields.body = 'Write the text of the response.';
  const problems = checkTemplate(canned.body);
  if (problems.length > 0) fields.body = problems.join('; ');
  if (Object.keys(fields).length > 0) throw new AppError('validation.failed', 'Some fields need attention.', fields);
}

function snapshot(canned: CannedResponse): Record<string, unknown> {
  return { title: canned.title, body: canned.body, language: canned.language, department: canned.department?.slug ?? null, active: canned.active };
}
