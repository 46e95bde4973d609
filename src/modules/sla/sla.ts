import type { BusinessCalendar } from './business-calendar.js';

/** First-response target of ARCHITECTURE.md "SLA": 3 business days (72 h). The SLA issue adds per-priority targets. */
export const FIRST_RESPONSE_BUSINESS_DAYS = 3;
/** Customers with a verified account are answered faster (issue #6 item 5): 2 business days. */
export const REGISTERED_FIRST_RESPONSE_BUSINESS_DAYS = 2;

/** What the first-response target depends on; every caller states it, so none forgets a customer's account. */
export type FirstResponseFacts = {
  /** The customer has a verified account (`customers.registered`). */
  customerRegistered: boolean;
};

/** How many business days the first answer may take. */
export function firstResponseBusinessDays(facts: FirstResponseFacts): number {
  return facts.customerRegistered ? REGISTERED_FIRST_RESPONSE_BUSINESS_DAYS : FIRST_RESPONSE_BUSINESS_DAYS;
}

/** When the first answer is due for a contact received at `receivedAt`; also the date told to the customer. */
export function firstResponseDue(calendar: BusinessCalendar, receivedAt: Date, facts: FirstResponseFacts): Date {
  return calendar.addBusinessDays(receivedAt, firstResponseBusinessDays(facts));
}
