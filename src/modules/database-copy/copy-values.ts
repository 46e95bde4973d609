import { fromDbBool, fromDbTime, toDbBool, toDbTime, type DbBool } from '../../storage/dialect-helpers.js';

/**
 * Turns a value read from SQLite into what PostgreSQL's column takes, by the column's PostgreSQL
 * type (the representations of dialect-helpers.ts): INTEGER 0/1 into boolean, time text into a
 * normalised ISO-8601 string (an unparseable time stops the copy rather than being guessed at),
 * JSON text as it is (jsonb parses it). PostgreSQL's text cannot hold U+0000, which SQLite text can
 * (a NUL in a badly encoded email); such characters become U+FFFD and are counted, so one stray
 * byte does not undo a copy of millions of rows.
 */
export type ValueConverter = (value: unknown) => unknown;

export class UnconvertibleValueError extends Error {}

export type RepairCounter = { nulCharacters: number };

const NUL = /\u0000/g;
const WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
/** `\u0000` escapes in JSON text (not preceded by an escaped backslash); jsonb refuses them. */
const JSON_NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function createValueConverter(pgType: string, where: string, repairs: RepairCounter): ValueConverter {
  if (pgType === 'boolean') {
    return (value) => {
      if (value === null) return null;
      if (value !== 0 && value !== 1 && typeof value !== 'boolean') throw new UnconvertibleValueError(`${where}: ${JSON.stringify(value)} is not a boolean (0 or 1)`);
      return toDbBool(fromDbBool(value as DbBool), 'postgres');
    };
  }
  if (pgType === 'timestamp with time zone' || pgType === 'timestamp without time zone') {
    return (value) => {
      if (value === null) return null;
      // A time without a zone is read as UTC (what SQLite's own date functions give), never as this machine's local time.
      const time = typeof value === 'string' ? fromDbTime(WITHOUT_ZONE.test(value) ? `${value.replace(' ', 'T')}Z` : value) : new Date(Number.NaN);
      if (Number.isNaN(time.getTime())) throw new UnconvertibleValueError(`${where}: ${JSON.stringify(value)} is not a time`);
      return toDbTime(time);
    };
  }
  if (pgType === 'jsonb' || pgType === 'json') {
    return (value) => {
      if (typeof value !== 'string' || !value.includes('\\u0000')) return value;
      return value.replace(JSON_NUL_ESCAPE, (_match, backslashes: string) => {
        repairs.nulCharacters += 1;
        return `${backslashes}\\ufffd`;
      });
    };
  }
  if (pgType === 'text' || pgType.startsWith('character')) {
    return (value) => {
      if (typeof value !== 'string') return value === null ? null : String(value);
      if (!value.includes('\u0000')) return value;
      return value.replace(NUL, () => {
        repairs.nulCharacters += 1;
        return '\ufffd';
      });
    };
  }
  return (value) => value;
}

/** Roughly how many bytes a value takes on its way to PostgreSQL, to keep a batch's memory bounded. */
export function approximateSize(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Buffer.isBuffer(value)) return value.length * 2;
  return 8;
}
