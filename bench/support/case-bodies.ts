/**
 * Valid, varied web-form submissions for POST /api/v1/cases: every default topic with the
 * fields it requires, a pool of customers of which some write more than once, descriptions of
 * different lengths, now and then a subject, a phone number, another locale or an urgent hint.
 * Deterministic (seeded), so runs are comparable.
 */
import { seededRandom } from '../../src/kernel/seeded-random.js';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, SENTENCES } from './vocabulary.js';

const TOPIC_NEEDS: Record<string, { tracking: boolean; address: boolean }> = {
  'missing-package': { tracking: true, address: true },
  'delivery-problem': { tracking: false, address: true },
  tracking: { tracking: true, address: false },
  'refund-claim': { tracking: true, address: false },
  'feedback-complaint': { tracking: false, address: false },
  'general-question': { tracking: false, address: false },
  'address-change-hold': { tracking: false, address: true },
  'informed-delivery': { tracking: false, address: false },
  passport: { tracking: false, address: false },
};

const STREETS = ['12 Oak Street', '400 Elm Ave Apt 3B', '77 Sunset Blvd', '1600 Pennsylvania Ave NW', '9 Harbor Rd', '31 Pine Lane'];
const CITIES: Array<[string, string, string]> = [
  ['Springfield', 'IL', '62701'], ['Austin', 'TX', '73301'], ['Portland', 'OR', '97201-1234'], ['Washington', 'DC', '20001'],
  ['Miami', 'FL', '33101'], ['Denver', 'CO', '80202'], ['Boston', 'MA', '02108'],
];
const SUBJECTS = ['Where is my parcel?', 'Package marked delivered but not here', 'Refund for damaged item', 'Question about my mail hold', null, null];


/** `count` JSON bodies; `customers` distinct email addresses are spread over them. */
export function makeCaseBodies(count: number, options: { seed?: number; customers?: number } = {}): string[] {
  const random = seededRandom(options.seed ?? 20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const customers = options.customers ?? Math.max(1, Math.floor(count * 0.75));
  const topics = Object.keys(TOPIC_NEEDS);
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const topic = topics[i % topics.length] as string;
    const needs = TOPIC_NEEDS[topic] as { tracking: boolean; address: boolean };
    const customer = Math.floor(random() * customers);
    const first = FIRST_NAMES[customer % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[Math.floor(customer / FIRST_NAMES.length) % LAST_NAMES.length] as string;
    const sentences = 1 + Math.floor(random() * 8);
    const description = Array.from({ length: sentences }, () => pick(SENTENCES)).join(random() < 0.3 ? '\n\n' : ' ');
    const body: Record<string, unknown> = {
      topic,
      name: `${first} ${last}`,
      email: `${first}.${last}.${customer}@${EMAIL_DOMAINS[customer % EMAIL_DOMAINS.length]}`.toLowerCase(),
      description,
    };
    const subject = pick(SUBJECTS);
    if (subject) body.subject = subject;
    if (needs.tracking || random() < 0.2) body.trackingNumber = `9400 1000 ${String(1e9 + Math.floor(random() * 9e9)).slice(0, 10)} ${String(i % 100).padStart(2, '0')}`;
    if (needs.address || random() < 0.1) {
      const [city, state, zip] = pick(CITIES);
      body.address = { street: pick(STREETS), city, state, zip };
    }
    if (random() < 0.4) body.phone = `+1 202 555 ${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
    if (random() < 0.15) body.locale = pick(['es', 'ro']);
    bodies.push(JSON.stringify(body));
  }
  return bodies;
}
