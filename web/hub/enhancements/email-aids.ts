import { isPlausibleEmail, normalizeEmail } from '../../../src/modules/customers/customer.js';
import { suggestEmailCorrection } from '../../../src/modules/customers/email-typo.js';
import { clearFeedback, fieldOf, format, isLeavingToSubmit, messagesOf, showFeedback } from '../aids/feedback.js';

/**
 * The email field, as the customer leaves it: its format, a "did you mean …?" for a mistyped
 * provider (the server's own rule, from the same module), and whether the confirmation matches.
 * The server asks the same question once more if the customer sends without answering here.
 */
export default function enhanceEmail(document: Document): void {
  for (const email of document.querySelectorAll<HTMLInputElement>('input[data-check="email"]')) {
    const confirmation = fieldOf(email, 'emailConfirmation');
    const askedFor = email.form?.querySelector<HTMLInputElement>('input[name="emailTypoFor"]') ?? null;
    email.addEventListener('blur', (event) => {
      if (isLeavingToSubmit(event)) return;
      checkEmail(email, askedFor);
      if (confirmation?.value.trim()) checkConfirmation(email, confirmation);
    });
    if (!confirmation) continue;
    confirmation.addEventListener('blur', (event) => isLeavingToSubmit(event) || checkConfirmation(email, confirmation));
    // A mismatch error goes away as soon as the two agree, without waiting for the next blur.
    confirmation.addEventListener('input', () => {
      if (confirmation.getAttribute('aria-invalid') === 'true' && sameAddress(email.value, confirmation.value)) clearFeedback(confirmation);
    });
  }
}

const sameAddress = (a: string, b: string) => normalizeEmail(a) === normalizeEmail(b);

function checkEmail(email: HTMLInputElement, askedFor: HTMLInputElement | null): void {
  const typed = email.value.trim();
  const messages = messagesOf(email);
  if (!typed) return clearFeedback(email);
  const suggestion = suggestEmailCorrection(typed);
  const alreadyAnswered = askedFor !== null && sameAddress(askedFor.value, typed);
  if (suggestion && !alreadyAnswered) return showTypoHint(email, typed, suggestion, askedFor);
  if (!isPlausibleEmail(normalizeEmail(typed))) return showFeedback(email, 'error', messages.email ?? '');
  clearFeedback(email);
}

function checkConfirmation(email: HTMLInputElement, confirmation: HTMLInputElement): void {
  if (!confirmation.value.trim() || !email.value.trim()) return clearFeedback(confirmation);
  if (sameAddress(email.value, confirmation.value)) return clearFeedback(confirmation);
  showFeedback(confirmation, 'error', messagesOf(email).emailMismatch ?? '');
}

function showTypoHint(email: HTMLInputElement, typed: string, suggestion: string, askedFor: HTMLInputElement | null): void {
  const messages = messagesOf(email);
  const hint = document.createElement('div');
  hint.className = 'typo-hint';
  const question = document.createElement('p');
  question.textContent = format(messages.typoQuestion ?? '{{suggestion}}?', { suggestion });
  const use = button(messages.typoUse ?? 'Yes', 'button');
  const keep = button(messages.typoKeep ?? 'No', 'button button-secondary');
  hint.append(question, use, keep);
  showFeedback(email, 'info', hint);

  use.addEventListener('click', () => {
    const confirmation = fieldOf(email, 'emailConfirmation');
    // The confirmation typed with the same slip is corrected with it; a different one is left to compare.
    if (confirmation && sameAddress(confirmation.value, typed)) confirmation.value = suggestion;
    email.value = suggestion;
    clearFeedback(email);
    if (confirmation?.value.trim()) checkConfirmation(email, confirmation);
    email.focus();
  });
  keep.addEventListener('click', () => {
    // Tells the server the question was answered for this address, so it is not asked again.
    if (askedFor) askedFor.value = typed;
    clearFeedback(email);
    email.focus();
  });
}

function button(label: string, className: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = label;
  return element;
}
