import type { FieldErrors } from '../../kernel/errors.js';
import { isPlausibleEmail, normalizeEmail, type PostalAddress } from '../customers/customer.js';
import { asksFor, type Topic } from '../topics/topic.js';

/** A validated web-form contact, ready for the intake use case. */
export type FormContact = {
  topicSlug: string;
  name: string;
  email: string;
  phone: string | null;
  trackingNumber: string | null;
  address: PostalAddress | null;
  subject: string | null;
  description: string;
  locale: string | null;
};

export const SUPPORTED_LOCALES = ['en', 'es', 'ro'] as const;

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
  'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP', 'AA', 'AE', 'AP',
] as const;

const LIMITS = { name: 200, subject: 200, description: 10_000, street: 200, city: 100 } as const;

/**
 * Customer-facing messages (GOV.UK style: say what to do, give an example). Exported so that the
 * help hub can show each one in the customer's language by its key.
 */
export const FORM_ERROR_MESSAGES = {
  topic: 'Choose what your message is about',
  name: 'Enter your full name',
  nameLong: `Name must be ${LIMITS.name} characters or fewer`,
  email: 'Enter an email address in the correct format, like name@example.com',
  emailMissing: 'Enter your email address',
  emailConfirmationMissing: 'Enter your email address again to confirm it',
  emailMismatch: 'The email addresses do not match: check both',
  phone: 'Enter a telephone number, like 202 555 0143 or +1 202 555 0143',
  phoneMissing: 'Enter a telephone number we can call you on',
  tracking: 'Enter the tracking number from your receipt, like 9400 1000 0000 0000 0000 00',
  trackingMissing: 'Enter the tracking number of your item',
  street: 'Enter the street address',
  city: 'Enter the town or city',
  state: 'Choose the state',
  zip: 'Enter a ZIP code, like 20001 or 20001-1234',
  subjectLong: `Subject must be ${LIMITS.subject} characters or fewer`,
  description: 'Describe your problem or question',
  descriptionLong: `Description must be ${LIMITS.description.toLocaleString('en-US')} characters or fewer`,
  text: 'Enter text here',
  address: 'Enter the address in the fields for street, city, state and ZIP code',
} as const;
const MESSAGES = FORM_ERROR_MESSAGES;

// Control characters other than tab and newlines never belong in a form field.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function text(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  return value.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
}

/** First check, before the topic is known: the shape and format of every field. */
export function validateFormContact(
  raw: Record<string, unknown>,
  topicOf: (slug: string) => Topic | undefined,
): { ok: true; contact: FormContact; topic: Topic } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const read = (key: string): string | undefined => {
    const value = text(raw[key]);
    if (value === null) {
      fields[key] = MESSAGES.text;
      return undefined;
    }
    return value || undefined;
  };

  const topicSlug = read('topic');
  const topic = topicSlug ? topicOf(topicSlug) : undefined;
  if (!topic || !topic.active) fields.topic = MESSAGES.topic;

  const name = read('name');
  if (!name) fields.name ??= MESSAGES.name;
  else if (name.length > LIMITS.name) fields.name = MESSAGES.nameLong;

  const emailRaw = read('email');
  const email = emailRaw ? normalizeEmail(emailRaw) : undefined;
  if (!email) fields.email ??= MESSAGES.emailMissing;
  else if (!isPlausibleEmail(email)) fields.email = MESSAGES.email;
  checkEmailConfirmation(raw, email, fields);

  const phone = read('phone');
  if (phone !== undefined && !isPlausiblePhone(phone)) fields.phone = MESSAGES.phone;

  const trackingRaw = read('trackingNumber');
  const trackingNumber = trackingRaw === undefined ? undefined : normalizeTrackingInput(trackingRaw);
  if (trackingNumber === null) fields.trackingNumber = MESSAGES.tracking;

  const address = readAddress(raw.address, fields);

  const subject = read('subject');
  if (subject && subject.length > LIMITS.subject) fields.subject = MESSAGES.subjectLong;

  const description = read('description');
  if (!description) fields.description ??= MESSAGES.description;
  else if (description.length > LIMITS.description) fields.description = MESSAGES.descriptionLong;

  if (topic) {
    for (const field of topic.fields) {
      if (!field.required) continue;
      if (field.name === 'phone' && phone === undefined) fields.phone ??= MESSAGES.phoneMissing;
      if (field.name === 'trackingNumber' && trackingNumber === undefined) fields.trackingNumber ??= MESSAGES.trackingMissing;
      if (field.name === 'address' && address === undefined) {
        fields['address.street'] ??= MESSAGES.street;
        fields['address.city'] ??= MESSAGES.city;
        fields['address.state'] ??= MESSAGES.state;
        fields['address.zip'] ??= MESSAGES.zip;
      }
    }
  }

  const localeRaw = read('locale')?.toLowerCase().slice(0, 2);
  const locale = localeRaw && (SUPPORTED_LOCALES as readonly string[]).includes(localeRaw) ? localeRaw : null;

  if (Object.keys(fields).length > 0 || !topic || !name || !email || !description) return { ok: false, fields };
  return {
    ok: true,
    topic,
    contact: {
      topicSlug: topic.slug,
      name,
      email,
      phone: phone ?? null,
      // A topic that does not ask for a field ignores it rather than storing surprises.
      trackingNumber: asksFor(topic, 'trackingNumber') ? (trackingNumber ?? null) : null,
      address: asksFor(topic, 'address') ? (address ?? null) : null,
      subject: subject ?? null,
      description,
      locale,
    },
  };
}

/**
 * Forms that ask for the address twice (the help hub) send `emailConfirmation`; a mistyped address
 * would send the case number and every reply to a stranger. API clients that omit it are not asked.
 */
function checkEmailConfirmation(raw: Record<string, unknown>, email: string | undefined, fields: FieldErrors): void {
  if (!('emailConfirmation' in raw) || fields.email || !email) return;
  const again = text(raw.emailConfirmation);
  if (!again) fields.emailConfirmation = MESSAGES.emailConfirmationMissing;
  else if (normalizeEmail(again) !== email) fields.emailConfirmation = MESSAGES.emailMismatch;
}

function isPlausiblePhone(phone: string): boolean {
  if (!/^\+?[0-9 ().-]{7,25}$/.test(phone)) return false;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** A US ZIP code: five digits, or ZIP+4 with or without the dash. The help hub's script checks the same. */
export const ZIP_PATTERN = /^[0-9]{5}(-?[0-9]{4})?$/;

/** Spaces, dashes and case do not matter in a tracking number; returns null when it cannot be one. */
export function normalizeTrackingInput(value: string): string | null {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{8,40}$/.test(compact) ? compact : null;
}

function readAddress(value: unknown, fields: FieldErrors): PostalAddress | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    fields.address = MESSAGES.address;
    return undefined;
  }
  const parts = value as Record<string, unknown>;
  const street = text(parts.street) || '';
  const city = text(parts.city) || '';
  const state = (text(parts.state) || '').toUpperCase();
  const zip = text(parts.zip) || '';
  if (!street && !city && !state && !zip) return undefined;
  if (!street || street.length > LIMITS.street) fields['address.street'] = MESSAGES.street;
  if (!city || city.length > LIMITS.city) fields['address.city'] = MESSAGES.city;
  if (!(US_STATES as readonly string[]).includes(state)) fields['address.state'] = MESSAGES.state;
  if (!ZIP_PATTERN.test(zip)) fields['address.zip'] = MESSAGES.zip;
  return { street, city, state, zip: zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip };
}
