import type { HubLocale } from './i18n.js';

/** The live-chat entry when chat is open right now; null: no chat panel. */
export type ChatEntry = { href: string; waitMinutes: number | null };

/**
 * Where the hub asks whether chat is open. The live-chat issue provides the real one (agents
 * online, queue length); until then no chat is offered.
 */
export type ChatEntrySource = { entry(locale: HubLocale): Promise<ChatEntry | null> };

export const NO_CHAT: ChatEntrySource = { entry: async () => null };
