import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The demo host page `npm start` serves from a second local origin (its own port): a bank's
 * help-centre page that embeds the widget from the Meridian server, exactly as a bank would. Each
 * load mints a short-lived customer token, so trying the embedding takes one click and no pasting.
 * Development only: in production the page is not started and its origin is not allowed by CORS.
 */
const PAGE = fileURLToPath(new URL('../web/demo/embed.html', import.meta.url));

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface DemoHostOptions {
  /** The Meridian server the page embeds the widget from ("http://127.0.0.1:3000"). */
  serverUrl: string;
  /** A fresh customer token for each page load. */
  mintToken(): Promise<string>;
  host?: string;
  /** 0 = any free port. */
  port?: number;
}

export interface DemoHost {
  origin: string;
  close(): Promise<void>;
}

/** The page with the server URL and a token filled in (the template's placeholders). */
async function renderDemoPage(serverUrl: string, token: string): Promise<string> {
  const template = await readFile(PAGE, 'utf8');
  return template
    .replaceAll('{{MERIDIAN_SERVER}}', escapeAttribute(serverUrl.replace(/\/$/, '')))
    .replaceAll('{{CUSTOMER_TOKEN}}', escapeAttribute(token));
}

export async function startDemoHost(options: DemoHostOptions): Promise<DemoHost> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/' && path !== '/index.html')) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    options
      .mintToken()
      .then((token) => renderDemoPage(options.serverUrl, token))
      .then((html) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      })
      .catch((err: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`demo page failed: ${err.message}`);
      });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
