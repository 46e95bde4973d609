/**
 * GOV.UK's error summary behaviour: after a failed submit the summary (or a notice that needs an
 * answer) takes focus, so screen-reader and keyboard users start from the list of problems; a
 * summary link then focuses its field and scrolls its label into view, not just the input.
 */
export default function focusErrorSummary(document: Document): void {
  const summary = document.querySelector<HTMLElement>('.error-summary') ?? document.querySelector<HTMLElement>('[data-focus-on-load]');
  if (!summary) return;
  summary.focus();
  for (const link of summary.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
    link.addEventListener('click', (event) => {
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target || !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) return;
      event.preventDefault();
      const legendOrLabel = target.closest('fieldset')?.querySelector('legend') ?? document.querySelector(`label[for="${CSS.escape(target.id)}"]`);
      (legendOrLabel ?? target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }
}
