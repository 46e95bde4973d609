/**
 * A slow connection tempts people to press "Send" twice, which would open two cases. Once a form
 * is on its way, its submit buttons say so and stop answering; the server's own checks stay the
 * guard of record.
 */
export default function preventDoubleSubmit(document: Document): void {
  const forms = document.querySelectorAll<HTMLFormElement>('form[method="post"]');
  // Back/forward navigation restores the page from memory with the "sending" state still set.
  window.addEventListener('pageshow', () => {
    for (const form of forms) {
      delete form.dataset.submitting;
      for (const button of form.querySelectorAll('[aria-disabled="true"]')) button.removeAttribute('aria-disabled');
    }
  });
  for (const form of forms) {
    form.addEventListener('submit', (event) => {
      // Another enhancement stopped this submit (a file over the limit): the form stays usable.
      if (event.defaultPrevented) return;
      if (form.dataset.submitting === 'true') {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = 'true';
      for (const button of form.querySelectorAll<HTMLButtonElement>('button[type="submit"], button:not([type])')) {
        button.setAttribute('aria-disabled', 'true');
      }
    });
  }
}
