import { normalizeTrackingInput } from '../../../src/modules/cases/intake.js';
import { validateTrackingNumber } from '../../../src/modules/triage/tracking-validate.js';
import type { TrackingMatch } from '../../../src/modules/triage/tracking-types.js';
import { clearFeedback, format, isLeavingToSubmit, messagesOf, showFeedback, type FormAidMessages } from '../aids/feedback.js';

const CARRIER_NAMES: Readonly<Record<string, string>> = { ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', amazon: 'Amazon' };

/**
 * What a tracking number says about itself, with the triage's own validators: the carrier while
 * the customer types, a check-digit slip or an unknown format once they leave the field (a number
 * half typed is not yet wrong). Nothing here blocks sending: the number may be right after all.
 */
export default function enhanceTracking(document: Document): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-check="tracking"]')) {
    input.addEventListener('input', () => describe(input, false));
    input.addEventListener('blur', (event) => isLeavingToSubmit(event) || describe(input, true));
  }
}

function describe(input: HTMLInputElement, left: boolean): void {
  const value = input.value.trim();
  const messages = messagesOf(input);
  if (!value) return clearFeedback(input);
  if (normalizeTrackingInput(value) === null) {
    // The server's own rule and words; while typing, only once the field is left.
    return left ? showFeedback(input, 'error', messages.tracking ?? '') : clearFeedback(input);
  }
  const match = validateTrackingNumber(value);
  if (match?.valid) return showFeedback(input, 'info', recognised(match, messages));
  if (!left) return clearFeedback(input);
  showFeedback(input, 'warning', (match ? messages.trackingTypo : messages.trackingUnknown) ?? '');
}

function recognised(match: TrackingMatch, messages: FormAidMessages): string {
  if (match.carrier === 'usps') return messages.trackingUsps ?? '';
  if (match.carrier === 'upu-s10') {
    return format(messages.trackingInternational ?? '', { operator: match.operator ?? match.country ?? '', country: match.country ?? '' });
  }
  return format(messages.trackingOtherCarrier ?? '', { carrier: CARRIER_NAMES[match.carrier] ?? match.carrier });
}
