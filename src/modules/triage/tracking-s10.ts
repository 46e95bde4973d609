import { digitValue, s10CheckDigit } from './tracking-checksums.js';
import type { Reading } from './tracking-types.js';

// UPU S10 item identifiers: 2-letter service indicator, 8-digit serial, check digit, ISO 3166
// country code of the issuing postal operator (UPU standard S10; NOTES_check_digits.md).

/**
 * Postal operators by ISO 3166 code, for the UPU member posts (US is USPS and read as `usps`).
 * Kept as one compact string; short common names rather than legal entity names.
 */
const OPERATORS_TABLE =
  'AE:Emirates Post|AF:Afghan Post|AG:Antigua and Barbuda Postal Service|AL:Posta Shqiptare|' +
  'AM:HayPost|AO:Correios de Angola|AR:Correo Argentino|AT:Österreichische Post|AU:Australia Post|' +
  'AZ:Azərpoçt|BA:BH Pošta|BB:Barbados Postal Service|BD:Bangladesh Post|BE:bpost|BF:Sonapost|' +
  'BG:Bulgarian Posts|BH:Bahrain Post|BI:Burundi Post (RNP)|BJ:La Poste du Bénin|' +
  'BN:Brunei Postal Services|BO:Correos de Bolivia|BR:Correios|BS:Bahamas Postal Service|' +
  'BT:Bhutan Post|BW:BotswanaPost|BY:Belpochta|BZ:Belize Postal Service|CA:Canada Post|' +
  'CD:Congo Post (SCPT)|CF:Central African Post (ONPE)|CG:Congo Post (SOPECO)|CH:Swiss Post|' +
  "CI:La Poste de Côte d'Ivoire|CL:Correos de Chile|CM:Campost|CN:China Post|CO:4-72|" +
  'CR:Correos de Costa Rica|CU:Correos de Cuba|CV:Correios de Cabo Verde|CY:Cyprus Post|' +
  'CZ:Česká pošta|DE:Deutsche Post|DJ:La Poste de Djibouti|DK:PostNord Denmark|DM:Dominica Post|' +
  'DO:INPOSDOM|DZ:Algérie Poste|EC:Correos del Ecuador|EE:Eesti Post|EG:Egypt Post|' +
  'ER:Eritrean Postal Service|ES:Correos|ET:Ethiopian Postal Service|FI:Posti|FJ:Post Fiji|' +
  'FR:La Poste|GA:La Poste Gabon|GB:Royal Mail|GD:Grenada Postal Corporation|GE:Georgian Post|' +
  'GH:Ghana Post|GM:Gampost|GN:La Poste de Guinée|GQ:Equatorial Guinea Post|GR:ELTA Hellenic Post|' +
  'GT:El Correo de Guatemala|GW:Correios da Guiné-Bissau|GY:Guyana Post Office Corporation|' +
  "HK:Hongkong Post|HN:Honducor|HR:Hrvatska pošta|HT:Office des Postes d'Haïti|HU:Magyar Posta|" +
  'ID:Pos Indonesia|IE:An Post|IL:Israel Post|IN:India Post|IQ:Iraqi Post|IR:Iran Post|' +
  'IS:Iceland Post|IT:Poste Italiane|JM:Jamaica Post|JO:Jordan Post|JP:Japan Post|KE:Posta Kenya|' +
  'KG:Kyrgyz Post|KH:Cambodia Post|KI:Kiribati Post|KM:Comoros Post (SNPSF)|' +
  'KN:St Kitts and Nevis Postal Services|KP:Korea Post (DPRK)|KR:Korea Post|KW:Kuwait Post|' +
  'KZ:Kazpost|LA:Lao Post|LB:LibanPost|LC:Saint Lucia Postal Service|LI:Liechtensteinische Post|' +
  'LK:Sri Lanka Post|LR:Liberia Postal Service|LS:Lesotho Post|LT:Lietuvos paštas|' +
  'LU:POST Luxembourg|LV:Latvia Post|LY:Libya Post|MA:Barid Al-Maghrib|MC:La Poste Monaco|' +
  'MD:Poșta Moldovei|ME:Pošta Crne Gore|MG:Paositra Malagasy|MK:North Macedonia Post|' +
  'ML:La Poste du Mali|MM:Myanma Posts|MN:Mongol Post|MO:Macao Post|MR:Mauripost|MT:Malta Post|' +
  'MU:Mauritius Post|MV:Maldives Post|MW:Malawi Posts Corporation|MX:Correos de México|' +
  'MY:Pos Malaysia|MZ:Correios de Moçambique|NA:NamPost|NE:Niger Poste|' +
  'NG:Nigerian Postal Service (NIPOST)|NI:Correos de Nicaragua|NL:PostNL|NO:Posten Norge|' +
  'NP:Nepal Postal Services|NR:Nauru General Post Office|NZ:New Zealand Post|OM:Oman Post|' +
  'PA:Correos de Panamá|PE:Serpost|PG:Post PNG|PH:PHLPost|PK:Pakistan Post|PL:Poczta Polska|' +
  'PT:CTT Correios de Portugal|PY:Correo Paraguayo|QA:Qatar Post|RO:Poșta Română|RS:Pošta Srbije|' +
  'RU:Russian Post|RW:Iposita|SA:Saudi Post (SPL)|SB:Solomon Post|SC:Seychelles Post|SD:Sudapost|' +
  'SE:PostNord Sweden|SG:SingPost|SI:Pošta Slovenije|SK:Slovenská pošta|' +
  'SL:Sierra Leone Postal Services|SM:Poste San Marino|SN:La Poste Senegal|SO:Somali Post|' +
  'SR:Surpost|SS:South Sudan Postal Service|ST:Correios de São Tomé e Príncipe|' +
  'SV:Correos de El Salvador|SY:Syrian Post|SZ:Eswatini Post|TD:Chad Post (STPE)|' +
  'TG:La Poste du Togo|TH:Thailand Post|TJ:Tajik Post|TL:Correios de Timor-Leste|TM:Turkmenpost|' +
  'TN:La Poste Tunisienne|TO:Tonga Post|TR:PTT (Turkish Post)|TT:TTPost|TV:Tuvalu Post|' +
  'TW:Chunghwa Post|TZ:Tanzania Posts Corporation|UA:Ukrposhta|UG:Posta Uganda|UY:Correo Uruguayo|' +
  'UZ:Uzbekistan Post|VA:Poste Vaticane|VC:SVG Postal Corporation|VE:Ipostel|VN:Vietnam Post|' +
  'VU:Vanuatu Post|WS:Samoa Post|YE:Yemen Post|ZA:South African Post Office|ZM:Zampost|ZW:Zimpost';

const USPS_NAME = 'United States Postal Service';

const POSTAL_OPERATORS: ReadonlyMap<string, string> = new Map(
  OPERATORS_TABLE.split('|').map((entry): [string, string] => [entry.slice(0, 2), entry.slice(3)]),
);

/** The postal operator issuing S10 numbers with this ISO 3166 country code, if it is a known one. */
export function findPostalOperator(country: string): string | undefined {
  return country === 'US' ? USPS_NAME : POSTAL_OPERATORS.get(country);
}

/** Number of countries (besides the US) whose postal operator we can name. */
export const POSTAL_OPERATOR_COUNT = POSTAL_OPERATORS.size;

/**
 * What the service indicator's first letter means (UPU S10 ranges); USPS names its own
 * international products, which the US column gives. Unlisted letters are reserved.
 */
const SERVICE_BY_LETTER: Readonly<Record<string, readonly [generic: string, usps?: string]>> = {
  E: ['EMS (express mail service)', 'Priority Mail Express International (EMS)'],
  C: ['Parcel post', 'Priority Mail International (parcel post)'],
  H: ['E-commerce parcel'],
  L: ['Letter post, tracked', 'First-Class Package International Service (tracked letter post)'],
  R: ['Registered letter post', 'Registered Mail International'],
  V: ['Insured letter post'],
  U: ['Letter post, other'],
  M: ['M-bag (printed matter)'],
};

/** Indicator pairs set aside for domestic, bilateral or multilateral use (per UPU S10). */
const DOMESTIC_INDICATOR = /^(?:[BDNPZ][A-Z]|A[V-Z]|G[AD])$/;
/** QA–QM: international business reply service. */
const REPLY_INDICATOR = /^Q[A-M]$/;

/** A readable name for an S10 service indicator, or undefined for a reserved one. */
export function describeS10Service(indicator: string, isUsps: boolean): string | undefined {
  if (DOMESTIC_INDICATOR.test(indicator)) return 'Domestic or bilateral service';
  if (REPLY_INDICATOR.test(indicator)) return 'International business reply';
  const names = SERVICE_BY_LETTER[indicator.charAt(0)];
  if (!names) return undefined;
  return (isUsps ? names[1] : undefined) ?? names[0];
}

const S10_SHAPE = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;

/** Whether a canonical string has the S10 shape; such a string is read as S10 and nothing else. */
export function hasS10Shape(canonical: string): boolean {
  return canonical.length === 13 && S10_SHAPE.test(canonical);
}

/** Reads an S10 identifier; a right check digit with an unknown country code is still a probable typo. */
export function readS10(canonical: string): Reading[] {
  if (!hasS10Shape(canonical)) return [];
  const country = canonical.slice(11);
  const isUsps = country === 'US';
  const operator = findPostalOperator(country);
  const checkOk = s10CheckDigit(canonical.slice(2, 10)) === digitValue(canonical, 10);
  const valid = checkOk && operator !== undefined;
  const service = describeS10Service(canonical.slice(0, 2), isUsps);
  return [
    {
      number: canonical,
      carrier: isUsps ? 'usps' : 'upu-s10',
      ...(service === undefined ? {} : { service }),
      valid,
      probableTypo: !valid,
      country,
      ...(operator === undefined ? {} : { operator }),
      // Wrong check digit *and* unknown country: two strikes, more likely a product code than a typo.
      evidence: checkOk || operator !== undefined ? 'self' : 'none',
      checked: true,
    },
  ];
}
