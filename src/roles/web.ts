import type { Container } from '../container.js';
import { buildHttpApp } from '../http/app.js';

/** The web role: API (and, with later issues, the console and help hub) on POSTDESK_HTTP_HOST:PORT. */
export async function startWebRole(container: Container): Promise<{ url: string; stop(): Promise<void> }> {
  const app = await buildHttpApp(container);
  const url = await app.listen({ host: container.config.http.host, port: container.config.http.port });
  return { url, stop: () => app.close() };
}
