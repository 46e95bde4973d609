import { describe, expect, it } from 'vitest';
import { loadProbe, loadSplit } from './classifier-data.js';
import { joinSubject } from './classifier-features.js';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['where is my package??', 'en'],
    ['Hi, I never got my order', 'en'],
    ['¿dónde está mi paquete?', 'es'],
    ['donde esta mi paquete', 'es'],
    ['hola', 'es'],
    ['gracias!', 'es'],
    ['no me a llegado mi paquete', 'es'],
    ['unde e coletul meu?', 'ro'],
    ['Unde este coletul?', 'ro'],
    ['multumesc', 'ro'],
    ['nu am primit coletul', 'ro'],
    ['Pașaportul nu a sosit încă', 'ro'],
    ['ce inseamna „In Transit, Arriving Late”?', 'ro'],
    ['rastreo 9405511899223197428506 atorado en "en tránsito a la siguiente instalación"', 'es'],
    ['Me inscribí en Informed Delivery pero no me llegan los correos diarios.', 'es'],
    ['Informed Delivery e gratuit?', 'ro'],
    ['Care e diferenta intre Ground Advantage si Priority Mail?', 'ro'],
    ['Bonjour, où est mon colis ? Je l’attends depuis deux semaines déjà.', 'fr'],
    ['Wo ist mein Paket? Ich warte seit zwei Wochen darauf.', 'de'],
  ])('%j → %s', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('falls back to English with no confidence when there is nothing to read', () => {
    expect(detectLanguage('')).toEqual({ language: 'en', confidence: 0 });
    expect(detectLanguage('9400 1118 9922 3344 5566 77')).toEqual({ language: 'en', confidence: 0 });
  });

  it('ignores quoted reply lines when deciding', () => {
    const text = 'Hola, sigo sin recibir mi paquete y nadie me contesta.\n\n> On Tue, Customer Care wrote:\n> Thank you for contacting us. Your case has been received and we will reply soon.';
    expect(detectLanguage(text).language).toBe('es');
  });

  it.each([
    'Hola, ¿ya tienen noticias de mi paquete?\n\n-----Original Message-----\nFrom: Customer Care\nSent: Monday\nThank you for contacting us. We have received your message and an agent will be in touch with you shortly about your case.',
    'Hola, ¿ya tienen noticias de mi paquete?\n\nOn Mon, Jan 6, 2025 at 9:14 AM Customer Care <care@example.com> wrote:\nThank you for contacting us. We have received your message and an agent will be in touch with you shortly about your case.',
  ])('reads only the customer’s part of a reply quoting an English message', (text) => {
    expect(detectLanguage(text).language).toBe('es');
  });

  it('reports a confidence between 0 and 1', () => {
    const { confidence } = detectLanguage('Buna ziua, coletul meu nu a ajuns de doua saptamani.');
    expect(confidence).toBeGreaterThan(0.5);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it.each(['en', 'es', 'ro'])('is right on at least 95 %% of the test split and probe in %s', (language) => {
    const messages = [...loadSplit().test, ...loadProbe()].filter((m) => m.lang === language);
    const correct = messages.filter((m) => detectLanguage(joinSubject(m)).language === language).length;
    expect(correct / messages.length).toBeGreaterThanOrEqual(0.95);
  });
});
