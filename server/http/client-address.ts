import type { Context } from 'hono';

/** What the node server puts in `c.env`: the incoming request, whose socket is the peer. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Requests made in-process (`app.request` in tests) have no socket: they count as this address. */
const IN_PROCESS = 'in-process';

const normalize = (address: string) => address.replace(/^::ffff:/, '').trim();

/** The TCP peer: the client, or the proxy in front of it. */
function socketAddress(c: Context): string {
  const bindings = c.env as NodeBindings | undefined;
  const address = bindings?.incoming?.socket?.remoteAddress;
  return address ? normalize(address) : IN_PROCESS;
}

/**
 * The client's address. `X-Forwarded-For` is believed only when the socket peer is one of the
 * `trustProxy` addresses, and then only the entries those proxies appended: walking from the right,
 * the first address that is not a trusted proxy. A client cannot choose its own bucket.
 */
export function clientAddress(c: Context, trustProxy: readonly string[]): string {
  const peer = socketAddress(c);
  if (!trustProxy.length || !trustProxy.includes(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map(normalize).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) if (!trustProxy.includes(forwarded[i]!)) return forwarded[i]!;
  return peer;
}

/**
 * A request from the operator's own machine (or in-process). A request that came through a proxy
 * (it carries X-Forwarded-For or Forwarded) is not, even when the proxy itself runs on loopback.
 */
export function isLoopback(c: Context, trustProxy: readonly string[]): boolean {
  const peer = socketAddress(c);
  const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
  const address = proxied ? (trustProxy.includes(peer) ? clientAddress(c, trustProxy) : 'proxied') : peer;
  return address === IN_PROCESS || address === '::1' || address.startsWith('127.');
}
