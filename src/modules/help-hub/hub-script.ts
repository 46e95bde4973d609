import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` puts the help hub's enhancement script (web/hub.vite.config.ts). */
export const HUB_SCRIPT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/hub/dist');

export type HubScript = { body: Buffer; sourceMap: Buffer | null; url: string };

/**
 * The built script, read once. Without a build the pages simply go without it: everything works
 * without JavaScript, the script only adds instant feedback. The `?v=` content hash lets browsers
 * cache it for a year and still see a new release at once.
 */
export function loadHubScript(distDir = HUB_SCRIPT_DIST): HubScript | null {
  const file = path.join(distDir, 'hub.js');
  if (!fs.existsSync(file)) return null;
  const body = fs.readFileSync(file);
  const mapFile = `${file}.map`;
  const version = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { body, sourceMap: fs.existsSync(mapFile) ? fs.readFileSync(mapFile) : null, url: `/hub.js?v=${version}` };
}
