export { listAudit, recordAudit, type AuditActorType, type AuditEntry, type AuditRecord } from './audit.repository.js';
