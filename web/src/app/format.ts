const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "in 5 hours", "2 days ago": the unit that reads naturally for the distance. */
export function formatRelative(iso: string, now: number): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export type SlaState = { label: string; tone: 'ok' | 'soon' | 'breached' | 'done' };

const WAITING_ON_US = new Set(['new', 'open']);

/** The first-response clock as an agent reads it; it runs only while the case waits on us. */
export function slaState(status: string, dueAt: string, now: number): SlaState {
  if (!WAITING_ON_US.has(status)) return { label: `was due ${formatRelative(dueAt, now)}`, tone: 'done' };
  const left = new Date(dueAt).getTime() - now;
  if (left < 0) return { label: `overdue, was due ${formatRelative(dueAt, now)}`, tone: 'breached' };
  return { label: `due ${formatRelative(dueAt, now)}`, tone: left < 24 * 3_600_000 ? 'soon' : 'ok' };
}

const STATUS_LABELS: Record<string, string> = {
  new: 'New', open: 'Open', pending_customer: 'Pending customer', resolved: 'Resolved', closed: 'Closed', spam: 'Spam', merged: 'Merged',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish', ro: 'Romanian' };

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

const RATING_LABELS = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];

/** The words of a satisfaction rating, 1 (very dissatisfied) to 5 (very satisfied). */
export function ratingLabel(rating: number): string {
  return RATING_LABELS[rating - 1] ?? String(rating);
}
