import type { BusinessCalendar } from './business-calendar.js';

/** First-response target of ARCHITECTURE.md "SLA": 3 business days (72 h). The SLA issue adds per-priority targets. */
export const FIRST_RESPONSE_BUSINESS_DAYS = 3;

/** When the first answer is due for a contact received at `receivedAt`; also the date told to the customer. */
export function firstResponseDue(calendar: BusinessCalendar, receivedAt: Date): Date {
  return calendar.addBusinessDays(receivedAt, FIRST_RESPONSE_BUSINESS_DAYS);
}
