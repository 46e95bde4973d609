import type { LocalizedText, TopicField } from './topic.js';

/** Seeded on first start; admins edit them afterwards (the console issue). */
export const DEFAULT_DEPARTMENTS: { slug: string; name: string }[] = [
  { slug: 'delivery-services', name: 'Delivery Services' },
  { slug: 'claims-refunds', name: 'Claims & Refunds' },
  { slug: 'consumer-affairs', name: 'Consumer Affairs' },
  { slug: 'customer-care', name: 'Customer Care' },
  { slug: 'address-services', name: 'Address Services' },
  { slug: 'digital-services', name: 'Digital Services' },
  { slug: 'passport-services', name: 'Passport Services' },
  // Contacts triage could not route with confidence wait here for a person to decide.
  { slug: 'triage', name: 'Triage' },
];

export const TRIAGE_DEPARTMENT_SLUG = 'triage';

export const EXPRESS_GUIDANCE: LocalizedText = {
  en: 'Time-critical Priority Mail Express item? Do not wait for an email reply: call 1-800-275-8777 (Monday to Friday 8 a.m.–8:30 p.m., Saturday 8 a.m.–6 p.m. Eastern) or visit your local Post Office with your receipt.',
  es: '¿Un envío Priority Mail Express urgente? No espere una respuesta por correo electrónico: llame al 1-800-275-8777 (lunes a viernes de 8 a.m. a 8:30 p.m., sábado de 8 a.m. a 6 p.m., hora del Este) o visite su oficina de correos con su recibo.',
  ro: 'Un colet Priority Mail Express urgent? Nu așteptați un răspuns prin e-mail: sunați la 1-800-275-8777 (luni–vineri 8–20:30, sâmbătă 8–18, ora Coastei de Est) sau mergeți la oficiul poștal cu chitanța.',
};

const PASSPORT_GUIDANCE: LocalizedText = {
  en: 'Travelling within 14 days, or is your passport application lost? Do not wait for an email reply: call the National Passport Information Center at 1-877-487-2778, or visit a passport acceptance Post Office.',
  es: '¿Viaja en los próximos 14 días o se perdió su solicitud de pasaporte? No espere una respuesta por correo electrónico: llame al Centro Nacional de Información de Pasaportes al 1-877-487-2778 o visite una oficina de correos que acepte solicitudes de pasaporte.',
  ro: 'Călătoriți în următoarele 14 zile sau s-a pierdut cererea de pașaport? Nu așteptați un răspuns prin e-mail: sunați la National Passport Information Center, 1-877-487-2778, sau mergeți la un oficiu poștal care primește cereri de pașaport.',
};

const f = (name: TopicField['name'], required = false): TopicField => ({ name, required });

export type DefaultTopic = {
  slug: string;
  department: string;
  names: LocalizedText;
  fields: TopicField[];
  urgentGuidance: LocalizedText | null;
};

/** The nine default topics of CONTRACT.md, in the order the help hub lists them. */
export const DEFAULT_TOPICS: DefaultTopic[] = [
  {
    slug: 'missing-package',
    department: 'delivery-services',
    names: { en: 'Missing package', es: 'Paquete perdido', ro: 'Colet pierdut' },
    fields: [f('trackingNumber', true), f('address', true), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'delivery-problem',
    department: 'delivery-services',
    names: { en: 'Delivery problem', es: 'Problema con la entrega', ro: 'Problemă la livrare' },
    fields: [f('trackingNumber'), f('address', true), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'tracking',
    department: 'delivery-services',
    names: { en: 'Tracking', es: 'Seguimiento', ro: 'Urmărire colet' },
    fields: [f('trackingNumber', true), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'refund-claim',
    department: 'claims-refunds',
    names: { en: 'Refund or claim', es: 'Reembolso o reclamación', ro: 'Rambursare sau despăgubire' },
    fields: [f('trackingNumber', true), f('address'), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'feedback-complaint',
    department: 'consumer-affairs',
    names: { en: 'Feedback or complaint', es: 'Comentarios o queja', ro: 'Feedback sau reclamație' },
    fields: [f('address'), f('phone'), f('trackingNumber'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'general-question',
    department: 'customer-care',
    names: { en: 'General question', es: 'Pregunta general', ro: 'Întrebare generală' },
    fields: [f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'address-change-hold',
    department: 'address-services',
    names: { en: 'Address change or mail hold', es: 'Cambio de dirección o retención de correo', ro: 'Schimbare de adresă sau reținerea corespondenței' },
    fields: [f('address', true), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'informed-delivery',
    department: 'digital-services',
    names: { en: 'Informed Delivery', es: 'Informed Delivery', ro: 'Informed Delivery' },
    fields: [f('address'), f('phone'), f('subject'), f('attachments')],
    urgentGuidance: null,
  },
  {
    slug: 'passport',
    department: 'passport-services',
    names: { en: 'Passport', es: 'Pasaporte', ro: 'Pașaport' },
    fields: [f('phone'), f('trackingNumber'), f('address'), f('subject'), f('attachments')],
    urgentGuidance: PASSPORT_GUIDANCE,
  },
];

/** Free-text contacts (email, chat) land here until triage decides otherwise. */
export const FALLBACK_TOPIC_SLUG = 'general-question';
