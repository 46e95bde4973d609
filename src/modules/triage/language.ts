import { detectAll } from 'tinyld';
import { foldText } from './classifier-features.js';

/** The languages Postdesk writes to customers in; any other detected language is reported as is. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'ro'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export type LanguageDetection = { language: SupportedLanguage | string; confidence: number };

export const DEFAULT_LANGUAGE: SupportedLanguage = 'en';

/**
 * Function words that belong to one of the three languages only (diacritics folded), so a
 * hit is evidence for that language alone. Words shared once folded are left out on purpose:
 * es/ro "de", "la", "un", "mi", "se", "si", "este", "va"; en/ro "in", "am", "are", "care", "an".
 */
const STOP_WORDS: Record<SupportedLanguage, ReadonlySet<string>> = {
  en: new Set(
    ('the and is my it to of for was not have has this that you your with what where how can do does please been from ' +
      'but at we our they be will would there when why which never still hi hello thanks thank just got did im its dont ' +
      'i me or if so all any out up about yet were who them him her his she he should could than then only very')
      .split(' '),
  ),
  es: new Set(
    ('que el los las por para con una del esta este esto como pero hace ya muy tengo porque cuando donde nunca todavia ' +
      'usted ustedes hola gracias favor dice llego puedo necesito es lo su sus y al le les nos hay sin tambien fue mis ' +
      'estoy estaba quiero quisiera cual cuanto hasta desde ayer hoy manana semana dias mas solo aqui alguien nadie ' +
      'algo nada tiene tienen han hice pague mande recibi buenos buenas tardes saludos atentamente senor senora eso ' +
      'paquete paquetes correo cartero rastreo seguimiento envio entrega entregado llego oficina buzon carta cartas ' +
      'pasaporte direccion reembolso reclamo queja significa numero dinero pregunta recibo todavia')
      .split(' '),
  ),
  ro: new Set(
    ('sa nu pe cu sunt ai ca dar mai pentru din acum doar unde cum ce cand meu mea mele mei lui ei asta ' +
      'acest aceasta fost fi fara foarte poate buna ziua multumesc inca nici niciodata trebuie vreau azi maine iar deja sau ' +
      'ati nimeni nimic mi-a mi-au l-am le-am s-a nu-mi iti imi ne voi dupa despre aici acolo ceva cineva zile saptamani ' +
      'ieri tot toate vand vanzatorul oficiul posta postal adresa scrie zice stimate cu stima inseamna colet colete ' +
      'coletul scrisoare scrisoarea scrisori postas postasul urmarire urmarirea livrat livrare cutia cutie pasaport ' +
      'pasaportul banii despagubire reclamatie intrebare numarul plic plicul chitanta m-am s-au v-am inapoi mutat ' +
      'toata cei cele acesta aceste asa decat atat daca fiecare pot poti putem puteti avem aveti era vrem spune noua')
      .split(' '),
  ),
};

const DIACRITIC_CUES: { language: SupportedLanguage; pattern: RegExp }[] = [
  { language: 'ro', pattern: /[ăâîșțşţ]/gu },
  { language: 'es', pattern: /[ñ¿¡áéíóúü]/gu },
];

/** Quoted replies, addresses and the English product names that Spanish and Romanian messages quote verbatim. */
const NOISE: RegExp[] = [
  /^>.*$/gmu,
  /https?:\/\/\S+|www\.\S+|\S+@\S+/gu,
  /["“”„«»][^"“”„«»\n]{1,60}["“”„«»]/gu,
  /\b(informed delivery|priority mail( express)?|ground advantage|first[- ]class|click-n-ship|media mail|usps|ups|fedex|dhl|amazon|ebay|etsy|shopify)\b/giu,
  /[\p{N}]+/gu,
];

/** Cue hits, and the share one language must hold, for the cues to decide alone. */
const DECISIVE_CUES = 12;
const DECISIVE_SHARE = 0.85;
/** Cue hits needed before the cues count as much as tinyld. */
const CUE_HALF_WEIGHT = 4;
/** Longest text looked at: the opening of a message says which language it is in. */
const MAX_CHARS = 600;
/** Quotation marks, straight and typographic (Romanian „…”, Spanish «…»). */
const QUOTES = /["“”„«»]/u;
/** tinyld's cost grows with the text and its verdict settles within a few sentences. */
const MAX_MODEL_CHARS = 250;

/** Where a quoted earlier message starts in a reply (Outlook, Gmail, Apple Mail; EN/ES/RO). */
const REPLY_HEADER =
  /^(?:-{2,}\s*(?:original message|mensaje original|mesaj(?:ul)? original|forwarded message)|on .{1,100} wrote:|el .{1,100} escribi[oó]:|[iî]n .{1,100} a scris:|from: |de: )/imu;

/** The customer's own words: no quoted earlier message, addresses, numbers or English product names. */
function stripNoise(text: string): string {
  const header = text.search(REPLY_HEADER);
  const own = header > 0 ? text.slice(0, header) : text;
  return NOISE.reduce((current, pattern) => current.replace(pattern, ' '), own);
}

type Scores = Record<SupportedLanguage, number>;

/** Stop-word hits (`words`) and diacritic hits (`marks`, worth two each) per language. */
function cueScores(text: string): { words: Scores; marks: Scores } {
  const words: Scores = { en: 0, es: 0, ro: 0 };
  for (const word of foldText(text).split(/[^\p{L}-]+/u)) {
    for (const language of SUPPORTED_LANGUAGES) if (STOP_WORDS[language].has(word)) words[language] += 1;
  }
  const marks: Scores = { en: 0, es: 0, ro: 0 };
  const lower = text.toLowerCase();
  for (const { language, pattern } of DIACRITIC_CUES) marks[language] += Math.min(6, (lower.match(pattern) ?? []).length) * 2;
  return { words, marks };
}

function share(scores: Scores): Scores | null {
  const total = scores.en + scores.es + scores.ro;
  return total > 0 ? { en: scores.en / total, es: scores.es / total, ro: scores.ro / total } : null;
}

function tinyldScores(text: string): Scores {
  const scores: Scores = { en: 0, es: 0, ro: 0 };
  for (const { lang, accuracy } of detectAll(text, { only: [...SUPPORTED_LANGUAGES] })) {
    if (isSupported(lang)) scores[lang] = accuracy;
  }
  return scores;
}

function isSupported(language: string): language is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(language);
}

/** Languages other than en/es/ro that US postal customers plausibly write in; tinyld knows many more. */
const OTHER_LANGUAGES = new Set(['fr', 'pt', 'it', 'de', 'pl', 'ru', 'uk', 'zh', 'ja', 'ko', 'vi', 'tl', 'ar', 'ht', 'hi']);

/** A language other than en/es/ro, only when tinyld is sure and no en/es/ro cue speaks against it. */
function otherLanguage(text: string): LanguageDetection | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 30) return null;
  const best = detectAll(text.slice(0, MAX_MODEL_CHARS))[0];
  if (!best || !OTHER_LANGUAGES.has(best.lang) || best.accuracy < 0.7) return null;
  return { language: best.lang, confidence: best.accuracy };
}

/**
 * Detects the customer's language: tinyld restricted to English, Spanish and Romanian, blended
 * with stop-word and diacritic cues, which carry short messages ("¿dónde está?", "unde e
 * coletul") and outvote tinyld as they accumulate (a long, one-sided message is decided by the
 * cues alone). Another language is reported only when tinyld is sure and no cue objects.
 * English when there is nothing to go on.
 */
export function detectLanguage(text: string): LanguageDetection {
  const opening = text.slice(0, MAX_CHARS);
  const withoutQuotes = detectCleaned(stripNoise(opening));
  if (withoutQuotes.confidence >= 0.5 || !QUOTES.test(opening)) return withoutQuotes;
  // Mostly a quoted status line ("en tránsito a la siguiente instalación")? Then the quote is the evidence.
  const withQuotes = detectCleaned(stripNoise(opening.replace(/["“”„«»]/gu, ' ')));
  return withQuotes.confidence > withoutQuotes.confidence ? withQuotes : withoutQuotes;
}

function detectCleaned(cleaned: string): LanguageDetection {
  const { words: wordHits, marks } = cueScores(cleaned);
  // French "déjà" or Portuguese "não" share accents with Spanish: only stop words rule a foreign language out.
  const other = wordHits.en + wordHits.es + wordHits.ro <= 1 ? otherLanguage(cleaned) : null;
  if (other) return other;
  const cues: Scores = { en: wordHits.en + marks.en, es: wordHits.es + marks.es, ro: wordHits.ro + marks.ro };
  const cueTotal = cues.en + cues.es + cues.ro;
  const words = share(cues);
  const decided = words && cueTotal >= DECISIVE_CUES ? SUPPORTED_LANGUAGES.find((l) => words[l] >= DECISIVE_SHARE) : undefined;
  // A long message full of one language's function words needs no n-gram model (and tinyld is the slow part).
  if (decided && words) return { language: decided, confidence: words[decided] };
  const model = share(tinyldScores(cleaned.slice(0, MAX_MODEL_CHARS)));
  if (!model && !words) return { language: DEFAULT_LANGUAGE, confidence: 0 };
  const cueWeight = !model ? 1 : cueTotal / (cueTotal + CUE_HALF_WEIGHT);
  let best: LanguageDetection = { language: DEFAULT_LANGUAGE, confidence: 0 };
  for (const language of SUPPORTED_LANGUAGES) {
    const score = (1 - cueWeight) * (model?.[language] ?? 0) + cueWeight * (words?.[language] ?? 0);
    if (score > best.confidence) best = { language, confidence: score };
  }
  return best;
}
