// "Did you mean ana@gmail.com?": spots likely misspellings of the mailbox providers our customers
// use. Pure and dependency-free on purpose: the help hub's browser script imports this same file,
// so the hint a customer sees as they type and the one the server shows agree.
//
// The rule of the module is to stay quiet when unsure. A wrong suggestion that a customer accepts
// sends their case number to a stranger; a missed one only costs the hint. So a domain is
// corrected only when it is close to a provider we know, and never when it is itself a domain we
// know, or has a shape (a subdomain, a country TLD of a regional provider) that a real address has.

/** A provider: its usual name label, its own top-level domain, and the regional TLDs it also uses. */
type Provider = { name: string; tld: string; regional?: readonly string[]; strictTld?: boolean };

/**
 * Ordered by how common they are among US postal customers (ties go to the earlier one).
 * `strictTld`: the name with another TLD is a company's own mail (att.com, verizon.com,
 * comcast.com) or a common word (live, mail), so only a near-miss of its own TLD is corrected.
 */
const PROVIDERS: readonly Provider[] = [
  { name: 'gmail', tld: 'com' },
  { name: 'yahoo', tld: 'com', regional: ['co.uk', 'co.in', 'co.jp', 'com.mx', 'com.ar', 'com.br', 'com.au', 'com.ph', 'com.sg', 'es', 'fr', 'de', 'it', 'ca', 'ro', 'gr', 'ie', 'in', 'co.id', 'com.tw', 'com.hk', 'com.vn', 'co.nz', 'com.co', 'com.pe', 'cl'] },
  { name: 'hotmail', tld: 'com', regional: ['co.uk', 'es', 'fr', 'de', 'it', 'be', 'nl', 'ca', 'com.mx', 'com.ar', 'com.br', 'co.jp', 'gr', 'se', 'dk', 'no', 'fi', 'ch', 'at', 'co.th', 'co.za', 'rs', 'my', 'sg', 'ru', 'com.au'] },
  { name: 'aol', tld: 'com', regional: ['co.uk', 'fr', 'de', 'it'], strictTld: true },
  { name: 'outlook', tld: 'com', regional: ['es', 'fr', 'de', 'it', 'co.uk', 'com.mx', 'com.ar', 'com.br', 'jp', 'kr', 'sa', 'cl', 'co.id', 'co.il', 'co.nz', 'co.th', 'com.au', 'com.gr', 'com.pe', 'com.tr', 'com.vn', 'dk', 'ie', 'in', 'lv', 'my', 'pt', 'sa', 'sg', 'sk', 'be', 'at', 'cz', 'hu', 'ph', 'ro'] },
  { name: 'icloud', tld: 'com' },
  { name: 'comcast', tld: 'net', strictTld: true },
  { name: 'msn', tld: 'com', strictTld: true },
  { name: 'live', tld: 'com', regional: ['co.uk', 'com.mx', 'com.ar', 'com.au', 'ca', 'fr', 'it', 'nl', 'be', 'de', 'dk', 'se', 'no', 'cl', 'at', 'ie', 'in', 'jp', 'ru', 'co.za', 'com.pt'], strictTld: true },
  { name: 'att', tld: 'net', strictTld: true },
  { name: 'sbcglobal', tld: 'net' },
  { name: 'verizon', tld: 'net', strictTld: true },
  { name: 'bellsouth', tld: 'net' },
  { name: 'charter', tld: 'net', strictTld: true },
  { name: 'cox', tld: 'net', strictTld: true },
  { name: 'earthlink', tld: 'net' },
  { name: 'optonline', tld: 'net' },
  { name: 'protonmail', tld: 'com', regional: ['ch'] },
  { name: 'proton', tld: 'me', strictTld: true },
  { name: 'ymail', tld: 'com' },
  { name: 'rocketmail', tld: 'com' },
  { name: 'googlemail', tld: 'com' },
  { name: 'mac', tld: 'com', strictTld: true },
  { name: 'me', tld: 'com', strictTld: true },
  { name: 'windstream', tld: 'net' },
  { name: 'frontier', tld: 'com', strictTld: true },
  { name: 'juno', tld: 'com', strictTld: true },
  { name: 'netzero', tld: 'net', strictTld: true },
  { name: 'mail', tld: 'com', strictTld: true },
  { name: 'email', tld: 'com', strictTld: true },
  { name: 'gmx', tld: 'com', regional: ['net', 'de', 'at', 'ch', 'us', 'es', 'fr', 'co.uk'], strictTld: true },
  { name: 'zoho', tld: 'com', strictTld: true },
  { name: 'yandex', tld: 'com', regional: ['ru'], strictTld: true },
  { name: 'qq', tld: 'com', strictTld: true },
  { name: 'fastmail', tld: 'com', regional: ['fm'] },
  { name: 'hushmail', tld: 'com' },
  { name: 'tutanota', tld: 'com', regional: ['de'] },
];

/** Names too short to correct by spelling: two letters apart from them are different real domains. */
const MIN_FUZZY_NAME = 3;

/** TLDs a stray key turns `.com` or `.net` into. Edit distance finds most; these are further apart. */
const TLD_SLIPS: Readonly<Record<string, readonly string[]>> = {
  com: ['cmo', 'ocm', 'con', 'comm', 'coom', 'cpm', 'xom', 'vom', 'c0m', 'cm', 'om', 'co', 'c', 'm', 'ccom', 'cim', 'ciom', 'clm', 'colm', 'cok', 'col', 'coc', 'como', 'comi', 'coml', 'copm'],
  net: ['nte', 'ent', 'ner', 'ney', 'nett', 'bet', 'met', 'nt', 'ne', 'neet'],
};

/** Whether the TLD as typed is a slip of `intended`: one edit (a swap counts as one), or a known slip. */
function isTldSlip(typed: string, intended: string): boolean {
  if (typed === intended) return false;
  if (TLD_SLIPS[intended]?.includes(typed)) return true;
  // One letter off a short TLD is often another real TLD (.co, .cm, .om): count only what keeps
  // the length or adds a character, plus digits typed for letters.
  return typed.length >= intended.length && editDistance(typed, intended) === 1;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each cost 1 ("gmial" is one slip from "gmail", not two).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** How far a typed name label may be from a provider's: a longer name absorbs one more slip. */
function allowedNameDistance(name: string): number {
  if (name.length < MIN_FUZZY_NAME) return 0;
  if (name.length <= 4) return 1;
  // Three slips reach other real providers (fastmail is three from hotmail); the flanker typo
  // corpus needs no more than two.
  return 2;
}

function primaryDomain(provider: Provider): string {
  return `${provider.name}.${provider.tld}`;
}

function isKnownDomain(domain: string): boolean {
  return PROVIDERS.some((p) => primaryDomain(p) === domain || (p.regional ?? []).some((tld) => `${p.name}.${tld}` === domain));
}

/** Splits `gmail.com`, `gmailcom`, `gmail.com.com` and `gmail` into a name label and what follows it. */
function splitDomain(domain: string): { name: string; tld: string } {
  const dot = domain.indexOf('.');
  if (dot === -1) {
    // A forgotten dot: `yahoocom`, `hotmailnet`.
    const glued = /^(.{3,})(com|net)$/.exec(domain);
    return glued ? { name: glued[1]!, tld: glued[2]! } : { name: domain, tld: '' };
  }
  const name = domain.slice(0, dot);
  let tld = domain.slice(dot + 1);
  // A TLD typed twice (`gmail.com.com`) is one TLD too many.
  const doubled = /^(com|net)\.\1$/.exec(tld);
  if (doubled) tld = doubled[1]!;
  return { name, tld };
}

/** The most common providers; a rarer one must be strictly closer to win a typo over them. */
const COMMON_PROVIDERS = 12;

type Candidate = { provider: Provider; cost: number; rank: number };

const order = (c: Candidate) => c.cost + (c.rank < COMMON_PROVIDERS ? 0 : 1);

function scoreProvider(provider: Provider, rank: number, name: string, tld: string): Candidate | null {
  const tldIsOwn = tld === provider.tld;
  const tldIsRegional = (provider.regional ?? []).includes(tld);
  if (name === provider.name) {
    if (tldIsOwn || tldIsRegional) return null;
    if (provider.strictTld && !(tld === '' || isTldSlip(tld, provider.tld))) return null;
    return { provider, cost: 1, rank };
  }
  const allowed = allowedNameDistance(provider.name);
  if (allowed === 0 || name.length < MIN_FUZZY_NAME) return null;
  // Both the name and the TLD must be recognisable: a near name with a foreign TLD is another domain.
  const tldCost = tldIsOwn ? 0 : tld === '' || isTldSlip(tld, provider.tld) ? 1 : null;
  if (tldCost === null) return null;
  const nameCost = editDistance(name, provider.name);
  if (nameCost > allowed) return null;
  // Short names: a slip in both the name and the TLD is too little left to go on.
  if (provider.name.length <= 4 && tldCost > 0) return null;
  return { provider, cost: nameCost + tldCost, rank };
}

/**
 * The domain a likely typo was meant to be (`gmial.com` → `gmail.com`), or null when the domain is
 * fine, unknown, or too far from any provider we know to say. Case and a trailing stray character
 * (`gmail.com?`) are forgiven.
 */
export function suggestDomainCorrection(input: string): string | null {
  const typed = input.trim().toLowerCase();
  const domain = typed.replace(/[?`'",;:!.]+$/, '');
  if (domain === '') return null;
  const { name, tld } = splitDomain(domain);
  const tidied = tld ? `${name}.${tld}` : name;
  // A known domain behind a stray character, a lost dot or a doubled TLD: that is the suggestion.
  if (isKnownDomain(tidied)) return tidied === typed ? null : tidied;
  // A subdomain (`mail.example.co.uk`, `hawaii.rr.com`) is an organisation's own: left alone.
  if (tld.includes('.') && !PROVIDERS.some((p) => (p.regional ?? []).includes(tld))) return null;
  // The exact name of a provider is never read as a misspelling of another one.
  const named = PROVIDERS.findIndex((p) => p.name === name);
  const pool = named === -1 ? PROVIDERS.map((provider, rank) => ({ provider, rank })) : [{ provider: PROVIDERS[named]!, rank: named }];
  let best: Candidate | null = null;
  for (const { provider, rank } of pool) {
    const candidate = scoreProvider(provider, rank, name, tld);
    if (candidate && (!best || order(candidate) < order(best))) best = candidate;
  }
  const chosen = best as Candidate | null;
  return chosen ? primaryDomain(chosen.provider) : null;
}

/** The whole address with its domain corrected (`ana@gmial.com` → `ana@gmail.com`), or null. */
export function suggestEmailCorrection(email: string): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  const domain = suggestDomainCorrection(trimmed.slice(at + 1));
  return domain ? `${trimmed.slice(0, at)}@${domain}` : null;
}
