import { clearFeedback, format, showFeedback } from '../aids/feedback.js';

const ALLOWED_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

type Limits = { count: number; each: number; total: number };
type Messages = Record<string, string>;

/**
 * The chosen files before anything is uploaded: a thumbnail of each image (a blob: URL, allowed by
 * the page's CSP), name and size, a "Remove" button per file, the total against the limit, and the
 * server's limits checked at once — so nobody waits for 25 MB to upload to learn a file was too big.
 * The server checks everything again (by content, not by the type the browser reports).
 */
export default function enhanceAttachments(document: Document): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="file"][data-check="attachments"]')) {
    const limits: Limits = { count: Number(input.dataset.maxCount), each: Number(input.dataset.maxEach), total: Number(input.dataset.maxTotal) };
    const messages = parseMessages(input.dataset.messages);
    const list = document.createElement('ul');
    list.className = 'file-list';
    list.setAttribute('aria-label', messages.listLabel ?? '');
    list.hidden = true;
    input.insertAdjacentElement('afterend', list);
    const urls: string[] = [];

    const render = () => {
      for (const url of urls.splice(0)) URL.revokeObjectURL(url);
      const files = [...(input.files ?? [])];
      list.replaceChildren(...files.map((file, index) => item(file, index, messages, urls, () => remove(index))));
      list.hidden = files.length === 0;
      const problem = problemOf(files, limits, messages);
      if (problem) showFeedback(input, 'error', problem);
      else if (files.length > 0) showFeedback(input, 'info', format(messages.summary ?? '', { count: String(files.length), size: formatSize(totalOf(files)) }));
      else clearFeedback(input);
    };
    const remove = (index: number) => {
      const kept = new DataTransfer();
      [...(input.files ?? [])].forEach((file, i) => i !== index && kept.items.add(file));
      input.files = kept.files;
      render();
      // Focus stays in the list: on the file that took the removed one's place, else the picker.
      const buttons = list.querySelectorAll<HTMLButtonElement>('button');
      (buttons[Math.min(index, buttons.length - 1)] ?? input).focus();
    };

    input.addEventListener('change', render);
    // Capture phase: runs before the double-submit guard, which then sees the cancelled submit.
    input.form?.addEventListener('submit', (event) => {
      const problem = problemOf([...(input.files ?? [])], limits, messages);
      if (!problem) return;
      event.preventDefault();
      showFeedback(input, 'error', problem);
      input.focus();
    }, true);
    if ((input.files?.length ?? 0) > 0) render(); // files kept by the browser on back/forward
  }
}

function parseMessages(raw: string | undefined): Messages {
  try {
    return raw ? (JSON.parse(raw) as Messages) : {};
  } catch {
    return {};
  }
}

const totalOf = (files: File[]) => files.reduce((sum, file) => sum + file.size, 0);

/** The first problem with the selection, in the words the server would use, or null. */
function problemOf(files: File[], limits: Limits, messages: Messages): string | null {
  const wrongType = files.find((file) => !ALLOWED_TYPES.has(file.type));
  if (wrongType) return format(messages.type ?? '', { name: wrongType.name });
  if (files.length > limits.count) return format(messages.tooMany ?? '', { extra: String(files.length - limits.count) });
  const large = files.find((file) => file.size > limits.each);
  if (large) return format(messages.tooLarge ?? '', { name: large.name });
  if (totalOf(files) > limits.total) return messages.tooLargeTotal ?? '';
  return null;
}

function item(file: File, index: number, messages: Messages, urls: string[], onRemove: () => void): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'file-item';
  if (file.type.startsWith('image/') && ALLOWED_TYPES.has(file.type)) {
    const thumb = document.createElement('img');
    const url = URL.createObjectURL(file);
    urls.push(url);
    thumb.src = url;
    thumb.alt = ''; // the file name next to it says what it is
    thumb.className = 'file-thumb';
    li.append(thumb);
  } else {
    const icon = document.createElement('span');
    icon.className = 'file-icon';
    icon.textContent = file.type === 'application/pdf' ? 'PDF' : '?';
    icon.setAttribute('role', 'img');
    icon.setAttribute('aria-label', file.type === 'application/pdf' ? (messages.pdf ?? 'PDF') : file.type || '?');
    li.append(icon);
  }
  const name = document.createElement('span');
  name.className = 'file-name';
  name.textContent = file.name;
  const size = document.createElement('span');
  size.className = 'file-size';
  size.textContent = formatSize(file.size);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'button-link';
  remove.dataset.index = String(index);
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = ` ${file.name}`;
  remove.append(messages.remove ?? 'Remove', hidden);
  remove.addEventListener('click', onRemove);
  li.append(name, size, remove);
  return li;
}

/** 1 decimal in the unit that fits, as people read sizes (1 MB = 1024 × 1024 bytes, like the limits). */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
