import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';
import type { RawData } from 'ws';
import { newId } from '../../kernel/ids.js';
import { readSessionToken } from '../../http/auth.js';
import type { HttpApp } from '../../http/types.js';
import type { AuthService } from '../agents/index.js';
import type { LiveHub } from './live-hub.js';
import { ClientFrame, type ServerFrame } from './live.schema.js';

const checkFrame = Compile(ClientFrame);
/** Close codes in the private range (RFC 6455 §7.4.2) the console acts on. */
export const CLOSE_SIGNED_OUT = 4401;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_HANDSHAKE_WAIT_MS = 2_000;
const MAX_FRAME_BYTES = 4096;

type Deps = { hub: LiveHub; auth: AuthService; publicUrl: string; sessionRecheckMs: number };

/**
 * GET /api/v1/live (WebSocket): live queue changes and presence for the console. The session
 * cookie authenticates the upgrade; the Origin must be ours, since browsers send cookies on
 * cross-site WebSocket handshakes and CSRF tokens cannot ride along.
 */
export async function registerLiveRoutes(app: HttpApp, deps: Deps): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES },
    // A stopping server says "going away" (RFC 6455 §7.4.1): consoles reconnect, to another process behind the load balancer.
    preClose(done) {
      const server = app.websocketServer;
      for (const client of server.clients) client.close(CLOSE_GOING_AWAY, 'server shutting down');
      // Each close handshake waits for the console's answer; an unresponsive one does not hold the stop up.
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(proceed);
        done();
      };
      const proceed = setTimeout(finish, CLOSE_HANDSHAKE_WAIT_MS);
      server.close(finish);
    },
  });
  app.get('/api/v1/live', {
    websocket: true,
    schema: { hide: true },
    preValidation: async (request, reply) => {
      if (!isOwnOrigin(request, deps.publicUrl)) return reply.status(403).send({ error: { code: 'auth.forbidden', message: 'Cross-origin connection refused.' } });
      const session = await deps.auth.authenticate(readSessionToken(request));
      if (!session) return reply.status(401).send({ error: { code: 'auth.required', message: 'Please sign in to continue.' } });
      request.agent = session.agent;
    },
  }, (socket, request) => {
    const agent = request.agent;
    if (!agent) return socket.close(CLOSE_SIGNED_OUT, 'signed out');
    const token = readSessionToken(request);
    const send = (frame: ServerFrame) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    const connectionId = newId();
    const disconnect = deps.hub.connect({ id: connectionId, agentId: agent.id, agentName: agent.name, send });
    // A signed-out or deactivated agent stops hearing about cases within one recheck.
    const recheck = setInterval(async () => {
      if (!(await deps.auth.authenticate(token))) socket.close(CLOSE_SIGNED_OUT, 'signed out');
    }, deps.sessionRecheckMs);
    socket.on('message', (data: RawData) => {
      const frame = parseFrame(data);
      if (!frame) return send({ type: 'error', code: 'frame.invalid', message: 'Unknown or malformed frame.' });
      if (frame.type === 'ping') return send({ type: 'pong' });
      if (frame.type === 'presence.leave') return deps.hub.leavePresence(connectionId);
      deps.hub.setPresence(connectionId, frame.caseNumber, frame.state);
    });
    socket.on('close', () => {
      clearInterval(recheck);
      disconnect();
    });
  });
}

function parseFrame(data: RawData): ClientFrame | null {
  try {
    const value: unknown = JSON.parse(data.toString());
    return checkFrame.Check(value) ? value : null;
  } catch {
    return null;
  }
}

function isOwnOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: the cookie alone decides
  return origin === new URL(publicUrl).origin || origin === `${request.protocol}://${request.headers.host ?? ''}`;
}
