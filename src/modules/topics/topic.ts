/** Form fields a topic can ask for; `name`, `email` and `description` are always asked. */
export type FormFieldName = 'phone' | 'trackingNumber' | 'address' | 'subject' | 'attachments';

export type TopicField = { name: FormFieldName; required: boolean };

/** Text per locale (ISO 639-1); `en` is always present and is the fallback. */
export type LocalizedText = { en: string } & Partial<Record<string, string>>;

export type Department = { id: string; slug: string; name: string };

export type Topic = {
  id: string;
  slug: string;
  department: Department;
  names: LocalizedText;
  fields: TopicField[];
  /** Shown on the form and in the confirmation: when email is the wrong channel (call, or visit a post office). */
  urgentGuidance: LocalizedText | null;
  position: number;
  active: boolean;
};

export function localize(text: LocalizedText, locale: string | undefined): string {
  return (locale && text[locale]) || text.en;
}

export function requiredFields(topic: Topic): FormFieldName[] {
  return topic.fields.filter((field) => field.required).map((field) => field.name);
}

export function asksFor(topic: Topic, field: FormFieldName): boolean {
  return topic.fields.some((f) => f.name === field);
}

const EXPRESS_PATTERN = /\b(priority\s+mail\s+express|express\s+mail|overnight|next[-\s]day|prioritario\s+expr[eé]s|express\s+prioritar)\b/i;

/**
 * Guidance for this contact: the topic's own guidance when the topic is urgent by nature
 * (passports), or the express guidance when a time-critical Priority Mail Express item is
 * mentioned. The triage issue replaces the keyword check with its urgency detector.
 */
export function selectUrgentGuidance(topic: Topic, text: string, expressGuidance: LocalizedText): LocalizedText | null {
  if (topic.slug === 'passport' && topic.urgentGuidance) return topic.urgentGuidance;
  if (EXPRESS_PATTERN.test(text)) return expressGuidance;
  return null;
}
