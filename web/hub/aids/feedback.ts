/**
 * Shared by the contact-form enhancements: the page's messages (rendered by the server into
 * `data-form-aids`, in the page's language) and the live region under each checked field.
 */
export type FormAidMessages = Record<string, string>;

/** The localised messages of the form an element belongs to; empty when the page has none. */
export function messagesOf(element: Element): FormAidMessages {
  const form = element.closest<HTMLFormElement>('form[data-form-aids]');
  try {
    return form?.dataset.formAids ? (JSON.parse(form.dataset.formAids) as FormAidMessages) : {};
  } catch {
    return {};
  }
}

/** Fills `{{name}}` placeholders, as the server's `format` does. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

function feedbackOf(input: HTMLElement): HTMLElement | null {
  return document.getElementById(`${input.id}-feedback`);
}

function setDescribedBy(input: HTMLElement, id: string, on: boolean): void {
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size > 0) input.setAttribute('aria-describedby', [...ids].join(' '));
  else input.removeAttribute('aria-describedby');
}

export type FeedbackKind = 'error' | 'warning' | 'info';

/**
 * Shows `content` in the field's live region, in place of any error the server had shown for the
 * value as it was sent. An error also marks the field invalid, GOV.UK style (red border, "Error:"
 * read first).
 */
export function showFeedback(input: HTMLElement, kind: FeedbackKind, content: Node | string): void {
  const region = feedbackOf(input);
  if (!region) return;
  const holder = document.createElement(kind === 'error' ? 'p' : 'div');
  holder.className = kind === 'error' ? 'error-message' : kind === 'warning' ? 'feedback-warning' : 'feedback-info';
  if (kind === 'error') {
    const prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = `${messagesOf(input).errorPrefix ?? 'Error:'} `;
    holder.append(prefix);
  }
  holder.append(content);
  region.replaceChildren(holder);
  markInvalid(input, kind === 'error');
  setDescribedBy(input, region.id, true);
}

export function clearFeedback(input: HTMLElement): void {
  const region = feedbackOf(input);
  if (!region) return;
  region.replaceChildren();
  markInvalid(input, false);
  setDescribedBy(input, region.id, false);
}

function markInvalid(input: HTMLElement, invalid: boolean): void {
  const group = input.closest('.form-group');
  // The server's message was about the value as sent; what the script says now is about the value as it is.
  // An emptied field keeps it: "Enter your …" is still true.
  const serverError = document.getElementById(`${input.id}-error`);
  const hasValue = 'value' in input && String(input.value).trim() !== '';
  if (serverError && (invalid || hasValue)) {
    serverError.hidden = true;
    setDescribedBy(input, serverError.id, false);
  }
  if (invalid) {
    input.setAttribute('aria-invalid', 'true');
    input.classList.add('input-error');
    group?.classList.add('form-group-error');
    return;
  }
  input.removeAttribute('aria-invalid');
  input.classList.remove('input-error');
  group?.classList.remove('form-group-error');
}

/** The checked field `name` of the same form as `element`. */
export function fieldOf(element: Element, check: string): HTMLInputElement | null {
  return element.closest('form')?.querySelector<HTMLInputElement>(`[data-check="${check}"]`) ?? null;
}

/**
 * Whether the field lost focus to its form's submit button. Then the blur check is skipped: the
 * message it would insert moves the button down between mouse-down and mouse-up, and the click
 * that was meant to send the form would land on nothing. The server checks the field anyway.
 */
export function isLeavingToSubmit(event: FocusEvent): boolean {
  const next = event.relatedTarget;
  return next instanceof HTMLButtonElement && next.type === 'submit' && next.form === (event.target as HTMLInputElement | null)?.form;
}
