import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { HttpApp } from './types.js';

/** Where `npm run build:web` puts the agent console (Vite, base /agent/). */
export const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * The console's script may only come from us, and nothing may frame it; message HTML is shown in
 * sandboxed frames (srcdoc), so even a sanitiser miss cannot run script as the agent.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline styles only for the sandboxed email frames (srcdoc inherits this policy): with scripts
  // limited to ours and images to ours or data:, a stylesheet cannot phone home.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Serves the built console at /agent, with every unknown /agent/… path answered by its index (client routing). */
export async function registerConsole(app: HttpApp, distDir = CONSOLE_DIST): Promise<void> {
  const built = fs.existsSync(path.join(distDir, 'index.html'));
  if (!built) {
    app.get('/agent/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The agent console is not built. Run `npm run build:web` (npm start does it for you).'));
    app.get('/agent', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/agent/'));
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/agent/',
    index: false,
    wildcard: false,
    setHeaders: (reply, filePath) => {
      reply.header('Content-Security-Policy', CONSOLE_CSP);
      reply.header('X-Content-Type-Options', 'nosniff');
      // Hashed asset names never change content; index.html must always be fresh.
      reply.header('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (reply: FastifyReply) =>
    reply.header('Content-Security-Policy', CONSOLE_CSP).header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'same-origin')
      .header('Cache-Control', 'no-cache').sendFile('index.html');
  app.get('/agent', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/agent/'));
  app.get('/agent/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get('/agent/*', { schema: { hide: true } }, async (request, reply) => {
    const relative = (request.params as { '*': string })['*'];
    if (relative.startsWith('assets/') || relative.includes('.')) {
      // A missing asset is a 404, not the index: a stale tab must fail loudly, not parse HTML as JS.
      const file = path.join(distDir, relative);
      if (file.startsWith(distDir + path.sep) && fs.existsSync(file)) return reply.sendFile(relative);
      return reply.status(404).send({ error: { code: 'route.not_found', message: `No file ${relative}` } });
    }
    return sendIndex(reply);
  });
}
