import type { Carrier } from './tracking-types.js';

// What the words around a bare number say about it. A 12-digit number is a FedEx number after
// "tracking" or in a message naming FedEx, and something else after "order" or "phone".

/** How far back (characters) a telling word is looked for. */
const CONTEXT_WINDOW = 80;

/** Words that make the number after them a tracking number (EN, ES, RO) … */
const TRACKING_WORDS =
  /(?<![a-z])(?:track|rastre|seguimiento|gu[ií]a|urm[aă]ri|awb|waybill|airbill|shipment|package|parcel|paquete|env[ií]o|colet|label|etiquet)/gi;
/** … and words that make it something else: order, phone or call, invoice, account, case, ZIP, price. */
const OTHER_WORDS =
  /(?<![a-z])(?:order|pedido|orden|comand|comenz|invoice|factur|account|cuenta|contul|phone|call(?![a-z])|llam[aeo]|sun[aă]|tel[eé]fono|telefon|tel(?![a-z])|mobile|m[oó]vil|fax|whatsapp|ref(?![a-z])|refer|case|caso|cazul|dosar|ticket|customer|cliente?|card(?![a-z])|tarjeta|confirma|receipt|recibo|chitan|id(?![a-z])|zip|postal code|c[oó]digo postal|cod po[sș]tal|price|precio|pre[tț]|iban)/gi;

const CARRIER_NAMES: Readonly<Record<Carrier, RegExp>> = {
  usps: /\busps\b|\bpostal service\b/i,
  // Upper case only: "ups" is also Spanish for "oops".
  ups: /(?<![A-Za-z])UPS(?![A-Za-z])|\bups\.com\b/,
  fedex: /\bfed\s?ex\b/i,
  dhl: /\bdhl\b/i,
  amazon: /\bamazon\b/i,
  'upu-s10': /(?!)/,
};

const CARRIERS_GIVING_CONTEXT: readonly Carrier[] = ['usps', 'ups', 'fedex', 'dhl', 'amazon'];

/** The nearest telling word before a number. */
export type Keyword = 'tracking' | 'other' | null;

type Hit = { start: number; end: number };

/** All hits of a keyword pattern, in order: one linear scan per text. */
function findHits(pattern: RegExp, text: string): Hit[] {
  const hits: Hit[] = [];
  for (const match of text.matchAll(pattern)) hits.push({ start: match.index, end: match.index + match[0].length });
  return hits;
}

/** Start of the last hit ending at or before `offset` and within the window, or -1 (binary search). */
function lastHitBefore(hits: readonly Hit[], offset: number): number {
  let low = 0;
  let high = hits.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((hits[middle]?.end ?? Number.POSITIVE_INFINITY) <= offset) low = middle + 1;
    else high = middle;
  }
  const hit = hits[low - 1];
  return hit && hit.start >= offset - CONTEXT_WINDOW ? hit.start : -1;
}

/** Facts about one text, each computed once, on first use. */
export class TextContext {
  private readonly named = new Map<Carrier, boolean>();
  private trackingHits: Hit[] | undefined;
  private otherHits: Hit[] | undefined;

  constructor(readonly text: string) {}

  /** Whether the text names the carrier anywhere. */
  names(carrier: Carrier): boolean {
    let found = this.named.get(carrier);
    if (found === undefined) {
      found = CARRIER_NAMES[carrier].test(this.text);
      this.named.set(carrier, found);
    }
    return found;
  }

  /** Whether the text names any carrier at all. */
  namesAnyCarrier(): boolean {
    return CARRIERS_GIVING_CONTEXT.some((carrier) => this.names(carrier));
  }

  /** The nearest telling word ending in the CONTEXT_WINDOW characters before `offset`. */
  keywordBefore(offset: number): Keyword {
    this.trackingHits ??= findHits(TRACKING_WORDS, this.text);
    this.otherHits ??= findHits(OTHER_WORDS, this.text);
    const tracking = lastHitBefore(this.trackingHits, offset);
    const other = lastHitBefore(this.otherHits, offset);
    if (tracking < 0 && other < 0) return null;
    return tracking > other ? 'tracking' : 'other';
  }
}
