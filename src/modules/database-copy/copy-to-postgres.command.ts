import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import { CopyRefusedError, copyToPostgres, type CopyProgress } from './copy-to-postgres.js';

type Output = { print(line: string): void; usage(message: string): Error };

const PROGRESS_INTERVAL_MS = 2_000;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * `npx postdesk copy-to-postgres --from <postdesk.sqlite> [--to postgres://…]`: copies, printing
 * progress on stderr (a line per table with rows, and every two seconds within a long one) and a summary.
 */
export async function runCopyToPostgres(config: Config, args: string[], out: Output): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from) throw out.usage('copy-to-postgres needs --from <path to postdesk.sqlite>');
  const targetUrl = values.to ?? (config.database.kind === 'postgres' ? config.database.url : undefined);
  if (!targetUrl) throw out.usage('copy-to-postgres needs --to postgres://… or POSTDESK_DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(targetUrl)) throw out.usage('--to must be a postgres:// URL');

  const progress = createProgressPrinter();
  try {
    const result = await copyToPostgres({
      sourceFile: values.from, targetUrl, onProgress: progress, onNotice: (line) => process.stderr.write(`${line}\n`),
    });
    const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
    out.print(`Copied ${count(rows)} rows of ${result.tables.length} tables in ${(result.elapsedMs / 1000).toFixed(1)} s; every table's row count matches the source.`);
    out.print(`Search documents rebuilt: ${count(result.searchDocuments)}.`);
    if (result.repairedNulCharacters > 0) {
      out.print(`${count(result.repairedNulCharacters)} NUL character(s), which PostgreSQL text cannot hold, were written as U+FFFD.`);
    }
    out.print('Run the PostgreSQL processes with the same POSTDESK_SECRET (or the data dir\'s `secret` file) and the same blobs (the data dir\'s `blobs` directory): reply links, sessions and mailbox passwords are keyed with the secret, attachments live in the blob store.');
  } catch (error) {
    if (error instanceof CopyRefusedError) throw out.usage(error.message);
    throw error;
  }
}

function createProgressPrinter(): (progress: CopyProgress) => void {
  let table = '';
  let tableStarted = Date.now();
  let lastLine = 0;
  return ({ table: current, copied, total }) => {
    if (total === 0) return;
    const now = Date.now();
    if (current !== table) {
      table = current;
      tableStarted = now;
      lastLine = now;
    }
    const done = copied >= total;
    if (!done && now - lastLine < PROGRESS_INTERVAL_MS) return;
    lastLine = now;
    const seconds = Math.max((now - tableStarted) / 1000, 0.001);
    const rate = done ? '' : `, ${count(Math.round(copied / seconds))} rows/s`;
    process.stderr.write(`  ${current}: ${count(copied)} / ${count(total)} rows${rate}${done ? ` (${seconds.toFixed(1)} s)` : ''}\n`);
  };
}
