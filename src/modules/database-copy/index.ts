export { COPIED_TABLES, DERIVED_TABLES, roleOfSqliteTable, type CopiedTable } from './copy-plan.js';
export { CopyRefusedError, copyToPostgres, type CopyProgress, type CopyResult, type CopyToPostgresOptions } from './copy-to-postgres.js';
export { runCopyToPostgres } from './copy-to-postgres.command.js';
