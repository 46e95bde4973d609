import { afterEach, describe, expect, it } from 'vitest';
import type { ChatEntry } from '../src/modules/help-hub/chat-entry.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Issue #6 item 1: the hub's live-chat entry, offered only while the chat source says chat is open. */
describe('help hub live-chat entry', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close({ removeData: true });
    t = undefined;
  });

  it('offers no chat while nothing provides it (the default)', async () => {
    t = await createTestApp({ worker: false });
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="chat-heading"');
  });

  it('shows the entry, with the expected wait in the page language, when the source says chat is open', async () => {
    const asked: string[] = [];
    let open: ChatEntry | null = { href: '/chat/start', waitMinutes: 4 };
    t = await createTestApp({ worker: false, options: { chat: { entry: async (locale) => { asked.push(locale); return open; } } } });

    const spanish = await t.app.inject({ method: 'GET', url: '/?lang=es' });
    expect(spanish.body).toContain('<h2 id="chat-heading">Chatee con nosotros</h2>');
    expect(spanish.body).toContain('Alguien podrá chatear con usted en unos 4 minutos.');
    expect(spanish.body).toContain('<a class="button" href="/chat/start">Iniciar un chat</a>');
    expect(asked).toEqual(['es']);

    open = null;
    const closed = await t.app.inject({ method: 'GET', url: '/?lang=en' });
    expect(closed.body).not.toContain('id="chat-heading"');
  });
});
