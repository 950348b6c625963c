// Starts the HTTP server: loads the curriculum, opens the database, listens. The only module that
// binds a port.
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { contentDirs, loadCurriculum } from '../curriculum/load.ts';
import { openDb } from './db/open.ts';
import { createApp } from './app.ts';
import { labs } from '../labs/registry.ts';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface ServerOptions {
  port: number;
  dbFile: string;
  host?: string;
  webRoot?: string;
  contentDirs?: string[];
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const curriculum = loadCurriculum(opts.contentDirs ?? contentDirs());
  const db = await openDb(opts.dbFile);
  const app = createApp({
    db,
    curriculum,
    webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT,
    availableLabs: new Set(labs.map((l) => l.id)),
  });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }).then(() => db.destroy()),
  };
}
