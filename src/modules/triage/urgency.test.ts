import { describe, expect, it } from 'vitest';
import { loadProbe, loadSplit } from './classifier-data.js';
import { joinSubject } from './classifier-features.js';
import { detectUrgency } from './urgency.js';

describe('detectUrgency', () => {
  it.each([
    // passports needed for travel
    ['I fly to Lisbon on Friday and my passport has not arrived', 'urgent', ['passport', 'fly', 'on Friday']],
    ['Viajo en 10 días y mi pasaporte no ha llegado', 'urgent', ['pasaporte', 'Viajo', 'en 10 días']],
    ['Plec din țară în 10 zile și pașaportul nu a sosit', 'urgent', ['pașaportul', 'Plec', 'în 10 zile']],
    ['Zborul meu e vineri si tot nu am pasaport', 'urgent', ['pasaport', 'Zborul']],
    ['I need my birth certificate back, I sent it with my passport application', 'urgent', ['passport', 'birth certificate']],
    // Priority Mail Express / overnight with a deadline
    ['Priority Mail Express envelope must arrive by noon tomorrow', 'urgent', ['Priority Mail Express', 'by noon', 'tomorrow']],
    ['Mandé un sobre de un día para otro y lo necesitan mañana', 'urgent', ['de un día para otro', 'mañana']],
    ['Plicul trimis peste noapte trebuie să ajungă mâine la 9', 'urgent', ['peste noapte', 'mâine']],
    // court and legal documents
    ['The court papers I sent certified mail never arrived at the clerk', 'urgent', ['court']],
    ['Una citación del tribunal regresó sin entregar', 'urgent', ['citación', 'tribunal']],
    ['Actele pentru instanță nu au ajuns la grefă', 'urgent', ['instanță', 'grefă']],
    ['My attorney mailed the signed affidavit', 'urgent', ['attorney', 'affidavit']],
    // medication
    ['My insulin was delivered to the wrong house and I need it today', 'urgent', ['insulin', 'need', 'today']],
    ['Mis medicamentos no han llegado y ya casi no me quedan', 'urgent', ['medicamentos', 'quedan']],
    ['Medicamentele pentru tensiune nu au ajuns, mai am pastile pentru o zi', 'urgent', ['Medicamentele', 'pastile', 'mai am']],
    // a mention without a deadline: high
    ['How much does a passport photo cost?', 'high', ['passport']],
    ['Is Priority Mail Express worth it for a gift?', 'high', ['Priority Mail Express']],
    ['Can international packages contain medicine?', 'high', ['medicine']],
  ] as const)('%j → %s', (text, level, signals) => {
    const result = detectUrgency(text);
    expect(result.level).toBe(level);
    expect(result.signals).toEqual(expect.arrayContaining([...signals]));
  });

  it.each([
    'where is my package?? its been 2 weeks',
    'I want to express my thanks to our carrier',
    'He was supposed to receive a box of hearing aid batteries',
    'Graham Whitfield, 12 Alder Court, Burlington VT',
    'Can I pay with Visa at the counter?',
    'I never got the green card back for my certified mail',
    'Please hold our mail from June 3 to June 17, we are on vacation',
    'El cartero dejó una nota: corte los arbustos o no hay correo',
    'Is it legal to send cash through the mail?',
    'The tracking went to "arrived at hub" and stayed there for 4 days',
  ])('leaves %j alone', (text) => {
    expect(detectUrgency(text)).toEqual({ level: null, signals: [] });
  });

  it('treats the passport topic as a passport mention', () => {
    expect(detectUrgency('I applied 6 weeks ago and I leave for a study abroad semester in 3 weeks')).toEqual({ level: null, signals: [] });
    expect(detectUrgency('I applied 6 weeks ago and I leave for a study abroad semester in 3 weeks', { topic: 'passport' }).level).toBe('urgent');
    expect(detectUrgency('Do you take photos for babies?', { topic: 'passport' })).toEqual({ level: 'high', signals: ['topic: passport'] });
  });

  it('quotes the signals as the customer wrote them, diacritics and case included', () => {
    expect(detectUrgency('Pașaportul meu, MÂINE plec!').signals).toEqual(['Pașaportul', 'plec', 'MÂINE']);
  });

  it.each([
    ['test split', () => loadSplit().test],
    ['style probe', loadProbe],
  ])('flags every urgent message of the %s, with or without the topic', (_, load) => {
    const urgent = load().filter((m) => m.urgent);
    expect(urgent.length).toBeGreaterThan(0);
    for (const message of urgent) {
      expect(detectUrgency(joinSubject(message)).level, message.id).not.toBeNull();
      expect(detectUrgency(joinSubject(message), { topic: message.topic }).level, message.id).not.toBeNull();
    }
  });
});
