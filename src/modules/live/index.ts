export { createLiveHub, type LiveHub, type LiveHubOptions } from './live-hub.js';
export { registerLiveRoutes, CLOSE_SIGNED_OUT } from './live.routes.js';
export type { ServerFrame, ClientFrame } from './live.schema.js';
