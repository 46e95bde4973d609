/**
 * Words and sentence templates for demo data: customers' names and the text of their messages
 * in English, Spanish and Romanian, with postal vocabulary so that full-text search has common
 * words ("parcel"), rarer ones (an item such as "harpsichord") and names of places to find.
 * Pure functions of a random source, so a seed reproduces the same data.
 */
import { seededRandom } from '../../kernel/seeded-random.js';

/** A source of numbers in [0, 1); the generator passes a seeded one. */
export type Random = () => number;

export type DemoLanguage = 'en' | 'es' | 'ro';

/** The generator's seeded source: a seed replays the same data set. */
export { seededRandom };

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

/** Picks a key with probability proportional to its weight. */
export function pickWeighted<K extends string>(random: Random, weights: Readonly<Partial<Record<K, number>>>): K {
  const entries = Object.entries(weights) as [K, number][]; // only keys given a weight
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new RangeError('pickWeighted from no weights');
  return last[0];
}

const FIRST_NAMES: Record<DemoLanguage, readonly string[]> = {
  en: ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan',
    'Joseph', 'Jessica', 'Thomas', 'Karen', 'Charles', 'Sarah', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Donald',
    'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Kenneth', 'Donna', 'Joshua', 'Michelle', 'Kevin', 'Carol', 'Brian', 'Amanda', 'Grace', 'Ada'],
  es: ['José', 'María', 'Juan', 'Carmen', 'Luis', 'Ana', 'Carlos', 'Lucía', 'Javier', 'Isabel', 'Miguel', 'Sofía', 'Alejandro', 'Elena', 'Diego',
    'Paula', 'Fernando', 'Marta', 'Jorge', 'Rosa', 'Andrés', 'Beatriz', 'Raúl', 'Pilar', 'Sergio', 'Inés', 'Ramón', 'Dolores'],
  ro: ['Andrei', 'Maria', 'Alexandru', 'Elena', 'Ion', 'Ioana', 'Mihai', 'Ana', 'Ștefan', 'Cristina', 'Gheorghe', 'Andreea', 'Vasile', 'Mihaela',
    'Florin', 'Irina', 'Bogdan', 'Raluca', 'Răzvan', 'Oana', 'Cătălin', 'Simona', 'Dragoș', 'Alina'],
};

const LAST_NAMES: Record<DemoLanguage, readonly string[]> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin',
    'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green',
    'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Hopper', 'Lovelace'],
  es: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández',
    'Díaz', 'Moreno', 'Álvarez', 'Muñoz', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Castillo'],
  ro: ['Popescu', 'Ionescu', 'Popa', 'Pop', 'Radu', 'Dumitru', 'Stan', 'Stoica', 'Gheorghe', 'Matei', 'Ciobanu', 'Constantin', 'Rusu', 'Mihai',
    'Munteanu', 'Lungu', 'Dinu', 'Marin', 'Tudor', 'Florea', 'Ștefănescu', 'Moldovan', 'Dobre', 'Bălan'],
};

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example', 'post.example', 'inbox.example'] as const;

/** A customer's display name in their language. */
export function personName(random: Random, language: DemoLanguage): { first: string; last: string } {
  return { first: pick(random, FIRST_NAMES[language]), last: pick(random, LAST_NAMES[language]) };
}

/** A unique, plausible address: `unique` (a counter) makes it so, the name makes it look real. */
export function personEmail(random: Random, name: { first: string; last: string }, unique: string): string {
  const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${ascii(name.first)}.${ascii(name.last)}.${unique}@${pick(random, EMAIL_DOMAINS)}`;
}

const CITIES = ['Memphis', 'Louisville', 'Chicago', 'Denver', 'Phoenix', 'Atlanta', 'Dallas', 'Seattle', 'Portland', 'Boston', 'Newark', 'Albuquerque',
  'Sacramento', 'Omaha', 'Tulsa', 'Harrisburg', 'Indianapolis', 'Jacksonville', 'San Juan', 'Anchorage', 'Honolulu', 'Timișoara', 'Cluj-Napoca',
  'Sevilla', 'Valencia', 'Brașov', 'Des Moines', 'Boise', 'Spokane', 'Pittsburgh', 'Kalamazoo', 'Duluth'] as const;

/** Things people post: a few common, many rare, so searches range from thousands of matches to a handful. */
const ITEMS: Record<DemoLanguage, readonly string[]> = {
  en: ['package', 'parcel', 'parcel', 'package', 'letter', 'certified letter', 'birthday card', 'box of books', 'laptop', 'phone charger', 'pair of shoes',
    'prescription medicine', 'passport application', 'money order', 'sheet of stamps', 'zeppelin stamps', 'ceramic vase', 'vinyl records',
    'wedding invitations', 'harpsichord strings', 'quilt', 'camera lens', 'tax documents', 'court summons', 'diploma', 'guitar pedal',
    'sourdough starter', 'watercolor paints', 'hearing aid batteries', 'espresso grinder', 'telescope eyepiece', 'knitting needles'],
  es: ['paquete', 'paquete', 'carta', 'carta certificada', 'caja de libros', 'portátil', 'medicamentos', 'solicitud de pasaporte', 'giro postal',
    'sellos', 'jarrón de cerámica', 'discos de vinilo', 'invitaciones de boda', 'documentos fiscales', 'cámara', 'zapatos', 'guitarra'],
  ro: ['colet', 'colet', 'scrisoare', 'scrisoare recomandată', 'cutie cu cărți', 'laptop', 'medicamente', 'cerere de pașaport', 'mandat poștal',
    'timbre', 'vază de ceramică', 'discuri de vinil', 'invitații de nuntă', 'acte fiscale', 'aparat foto', 'pantofi', 'chitară'],
};

type Fill = { item: string; city: string; days: number; tracking: string | null; name: string };

type Templates = { subjects: readonly string[]; openings: readonly string[]; details: readonly string[]; followUps: readonly string[]; replies: readonly string[]; notes: readonly string[] };

// `{item}`, `{city}`, `{days}`, `{tracking}` and `{name}` are filled in; sentences with `{tracking}` are used only when the case has one.
const TEMPLATES: Record<DemoLanguage, Templates> = {
  en: {
    subjects: ['My {item} never arrived', 'Where is my {item}?', 'Damaged {item}', '{item} delivered to the wrong address', 'Refund for a lost {item}',
      'Mail hold request', 'Change of address not working', 'Informed Delivery shows mail I never got', 'Passport application status',
      'Complaint about my carrier', 'Question about postage for a {item}', 'Tracking has not updated in {days} days', 'Package stuck in {city}'],
    openings: ['Hello, I sent a {item} {days} days ago and it still has not arrived.', 'Hi, my {item} was supposed to be delivered last week.',
      'Good morning. I am writing about a {item} that left {city} {days} days ago.', 'To whom it may concern, my {item} arrived damaged.',
      'Hi there, the tracking page says my {item} was delivered but nothing is in my mailbox.', 'Hello, I requested a mail hold while I travel to {city}.',
      'I filed a change of address {days} days ago and my mail still goes to the old one.', 'My Informed Delivery email showed a {item} that never came.',
      'I mailed my passport application from {city} and have heard nothing since.', 'The carrier left my {item} in the rain on the porch.'],
    details: ['The tracking number is {tracking}.', 'Tracking {tracking} has shown "in transit" since it reached the distribution center in {city}.',
      'It was sent by Priority Mail and insured.', 'The box was crushed and the {item} inside is broken.', 'I have the receipt from the Post Office counter.',
      'My neighbor says a carrier came by but left no notice.', 'I need it for an appointment next week.', 'The return address is correct.',
      'Could you open a search request for it?', 'I would like a refund of the postage.', 'Please check with the local delivery unit.',
      'It was a gift for my mother in {city}.', 'This is the second time this month this has happened.'],
    followUps: ['Any news about my {item}?', 'Hello again, it has been {days} more days and still nothing.', 'Thank you, I will wait for the search results.',
      'I checked with my neighbors again; nobody received it.', 'The tracking now says it is back in {city}. What does that mean?',
      'I attached a photo of the damaged box.', 'Is there anything else you need from me?'],
    replies: ['Dear {name}, thank you for contacting us. We have opened a search for your {item} with the {city} processing facility.',
      'Dear {name}, we are sorry for the delay. Tracking {tracking} shows the item was scanned at the {city} distribution center; we asked the local Post Office to check.',
      'Hello {name}, your refund request was approved. The postage will be refunded to the original payment method within 5 to 7 business days.',
      'Hello {name}, we have forwarded your complaint to the station manager, who will contact you within two business days.',
      'Dear {name}, your mail hold is now in place. Mail will be delivered again on the date you chose.',
      'Dear {name}, please file a claim online with the receipt and photos of the damage so we can process it.'],
    notes: ['Called the {city} delivery unit; the carrier remembers the {item}.', 'Customer is a repeat contact; escalate if no scan by Friday.',
      'Search request opened with the mail recovery center.', 'Checked scans: last scan at the {city} facility {days} days ago.'],
  },
  es: {
    subjects: ['Mi {item} nunca llegó', '¿Dónde está mi {item}?', '{item} dañado', 'Entrega en una dirección equivocada', 'Reembolso de un {item} perdido',
      'Retención de correo', 'Cambio de dirección', 'Estado de mi solicitud de pasaporte', 'Queja sobre el cartero', 'El seguimiento no se actualiza'],
    openings: ['Hola, envié un {item} hace {days} días y todavía no ha llegado.', 'Buenos días, mi {item} debía entregarse la semana pasada.',
      'Les escribo por un {item} que salió de {city} hace {days} días.', 'Mi {item} llegó dañado.', 'El seguimiento dice entregado pero no recibí nada.',
      'Solicité un cambio de dirección hace {days} días y el correo sigue llegando a la antigua.'],
    details: ['El número de seguimiento es {tracking}.', 'El envío {tracking} está en tránsito desde que llegó al centro de distribución de {city}.',
      'Lo envié por Priority Mail con seguro.', 'La caja llegó aplastada.', 'Tengo el recibo de la oficina de correos.', 'Lo necesito para una cita la próxima semana.',
      '¿Pueden abrir una búsqueda?', 'Quisiera un reembolso del franqueo.'],
    followUps: ['¿Alguna novedad sobre mi {item}?', 'Han pasado {days} días más y sigo sin noticias.', 'Gracias, espero los resultados de la búsqueda.'],
    replies: ['Estimado/a {name}: gracias por contactarnos. Abrimos una búsqueda de su {item} en el centro de {city}.',
      'Hola {name}: su reembolso fue aprobado y se abonará en 5 a 7 días hábiles.', 'Estimado/a {name}: su retención de correo ya está activa.'],
    notes: ['Llamé a la oficina de {city}; revisarán el {item}.', 'Cliente recurrente; escalar si no hay escaneo el viernes.'],
  },
  ro: {
    subjects: ['Coletul meu nu a ajuns', 'Unde este {item}?', '{item} deteriorat', 'Livrare la adresa greșită', 'Rambursare pentru {item} pierdut',
      'Reținerea corespondenței', 'Schimbare de adresă', 'Stadiul cererii de pașaport', 'Reclamație despre poștaș', 'Urmărirea nu s-a actualizat'],
    openings: ['Bună ziua, am trimis un {item} acum {days} zile și încă nu a ajuns.', 'Bună ziua, {item} trebuia livrat săptămâna trecută.',
      'Vă scriu despre un {item} plecat din {city} acum {days} zile.', 'Am primit {item} deteriorat.', 'Urmărirea spune livrat, dar nu am primit nimic.'],
    details: ['Numărul de urmărire este {tracking}.', 'Trimiterea {tracking} este în tranzit de când a ajuns la centrul de sortare din {city}.',
      'Am trimis prin Priority Mail, cu asigurare.', 'Cutia a sosit strivită.', 'Am chitanța de la oficiul poștal.', 'Puteți deschide o cercetare?'],
    followUps: ['Aveți vești despre {item}?', 'Au mai trecut {days} zile și nimic.', 'Mulțumesc, aștept rezultatul cercetării.'],
    replies: ['Stimate/Stimată {name}, vă mulțumim. Am deschis o cercetare pentru {item} la centrul din {city}.',
      'Bună ziua {name}, rambursarea a fost aprobată și va fi virată în 5–7 zile lucrătoare.', 'Stimate/Stimată {name}, reținerea corespondenței este activă.'],
    notes: ['Am sunat la oficiul din {city}; verifică {item}.', 'Client care revine; escaladăm dacă nu apare nicio scanare vineri.'],
  },
};

function fill(template: string, values: Fill): string {
  return template.replace(/\{(item|city|days|tracking|name)\}/g, (_, key: keyof Fill) => String(values[key] ?? ''));
}

/** Templates that need a tracking number only when there is one. */
function usable(templates: readonly string[], hasTracking: boolean): readonly string[] {
  return hasTracking ? templates : templates.filter((t) => !t.includes('{tracking}'));
}

/** What one case is about: the same item, city and tracking number run through its whole thread. */
export type CaseStory = { language: DemoLanguage; values: Fill };

export function newStory(random: Random, language: DemoLanguage, customerName: string, tracking: string | null): CaseStory {
  return { language, values: { item: pick(random, ITEMS[language]), city: pick(random, CITIES), days: 2 + Math.floor(random() * 20), tracking, name: customerName } };
}

export function storySubject(random: Random, story: CaseStory): string {
  const subject = fill(pick(random, TEMPLATES[story.language].subjects), story.values);
  return subject.charAt(0).toUpperCase() + subject.slice(1);
}

/** The customer's first message: an opening and two to four details. */
export function firstMessageText(random: Random, story: CaseStory): string {
  const t = TEMPLATES[story.language];
  const details = usable(t.details, story.values.tracking !== null);
  const sentences = [fill(pick(random, t.openings), story.values)];
  const count = 2 + Math.floor(random() * 3);
  for (let i = 0; i < count; i += 1) sentences.push(fill(pick(random, details), story.values));
  if (story.values.tracking && !sentences.some((s) => s.includes(story.values.tracking ?? ''))) sentences.push(fill(t.details[0] ?? '', story.values));
  return `${sentences.join(' ')}\n\n${story.values.name}`;
}

export function followUpText(random: Random, story: CaseStory): string {
  return fill(pick(random, TEMPLATES[story.language].followUps), story.values);
}

export function agentReplyText(random: Random, story: CaseStory, agentName: string): string {
  const replies = usable(TEMPLATES[story.language].replies, story.values.tracking !== null);
  return `${fill(pick(random, replies), story.values)}\n\n${agentName}\nPostdesk Customer Care`;
}

export function internalNoteText(random: Random, story: CaseStory): string {
  return fill(pick(random, TEMPLATES[story.language].notes), story.values);
}
