import { ZIP_PATTERN } from '../../../src/modules/cases/intake.js';
import { clearFeedback, isLeavingToSubmit, messagesOf, showFeedback } from '../aids/feedback.js';

/** ZIP or ZIP+4, checked as the customer leaves the field with the server's own pattern and words. */
export default function enhanceZip(document: Document): void {
  for (const zip of document.querySelectorAll<HTMLInputElement>('input[data-check="zip"]')) {
    zip.addEventListener('blur', (event) => {
      if (isLeavingToSubmit(event)) return;
      const value = zip.value.trim();
      if (!value || ZIP_PATTERN.test(value)) clearFeedback(zip);
      else showFeedback(zip, 'error', messagesOf(zip).zip ?? '');
    });
    zip.addEventListener('input', () => {
      if (zip.getAttribute('aria-invalid') === 'true' && ZIP_PATTERN.test(zip.value.trim())) clearFeedback(zip);
    });
  }
}
