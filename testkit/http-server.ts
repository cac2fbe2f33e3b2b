import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** The app over `deps`, listening on 127.0.0.1:<free port>: security tests attack it through real HTTP. */
export async function listen(deps: AppDeps): Promise<RunningApp> {
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
