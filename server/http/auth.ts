import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { SignJWT, jwtVerify } from 'jose';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../lib/errors/index.ts';

/**
 * Who is calling. RMs authenticate with an API key (config rmApiKeys) or an HS256 JWT with
 * `role: 'rm'`; customers with an HS256 JWT `{ role: 'customer', sub: <customerId> }`. A customer
 * principal carries exactly one customer id and `assertCustomerAccess` is the single check every
 * customer-data route calls: nothing in the request can widen it.
 */
export type Principal =
  | { role: 'rm'; id: string; via: 'api-key' | 'jwt' }
  | { role: 'customer'; id: string; customerId: string };

export interface AuthOptions {
  rmApiKeys: string[];
  jwtSecret: string;
}

const ISSUER = 'meridian';
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Stable, non-reversible id for an API key (rate-limit bucket, logs). */
function keyId(key: string): string {
  return `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function equalsConstantTime(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export async function authenticate(header: string | undefined, options: AuthOptions): Promise<Principal | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) throw new UnauthorizedError('Authorization must be "Bearer <RM API key or JWT>"');
  const token = match[1].trim();
  for (const key of options.rmApiKeys) {
    if (equalsConstantTime(token, key)) return { role: 'rm', id: keyId(key), via: 'api-key' };
  }
  if (token.split('.').length !== 3) throw new UnauthorizedError('unknown API key');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, secretKey(options.jwtSecret), { algorithms: ['HS256'], issuer: ISSUER }));
  } catch (err) {
    throw new UnauthorizedError(`invalid token: ${(err as Error).message}`);
  }
  if (payload.role === 'rm') return { role: 'rm', id: `rm:${String(payload.sub ?? 'unknown')}`, via: 'jwt' };
  if (payload.role === 'customer' && typeof payload.sub === 'string' && CUSTOMER_ID.test(payload.sub)) {
    return { role: 'customer', id: `customer:${payload.sub}`, customerId: payload.sub };
  }
  throw new UnauthorizedError('token has no valid role/sub claims');
}

export async function mintCustomerToken(
  secret: string,
  customerId: string,
  ttlSeconds = 3600,
): Promise<{ token: string; expiresAt: string }> {
  if (!CUSTOMER_ID.test(customerId)) throw new ValidationError('customerId', 'letters, digits, _ or -, at most 64');
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await new SignJWT({ role: 'customer' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(customerId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(secretKey(secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function mintRmToken(secret: string, rmId: string, ttlSeconds = 8 * 3600): Promise<string> {
  return new SignJWT({ role: 'rm' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(rmId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secretKey(secret));
}

/** Parses the Authorization header (if any) into `c.var.principal`; a bad credential is 401. */
export function authMiddleware(options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const principal = await authenticate(c.req.header('authorization'), options);
    c.set('principal', principal);
    await next();
  };
}

export function getPrincipal(c: Context): Principal | undefined {
  return c.get('principal') as Principal | undefined;
}

export function requireRm(c: Context): Extract<Principal, { role: 'rm' }> {
  const p = getPrincipal(c);
  if (!p) throw new UnauthorizedError('an RM credential is required (Authorization: Bearer <key or JWT>)');
  if (p.role !== 'rm') throw new ForbiddenError('this endpoint is for relationship managers only');
  return p;
}

export function requireAny(c: Context): Principal {
  const p = getPrincipal(c);
  if (!p)
    throw new UnauthorizedError('a credential is required (Authorization: Bearer <RM key/JWT or customer token>)');
  return p;
}

/**
 * The one check for customer data: RMs may read any customer; a customer only their own id.
 * Returns the id to use — always the token's id for a customer principal.
 */
export function assertCustomerAccess(c: Context, requestedId: string | undefined): string {
  const p = requireAny(c);
  if (p.role === 'rm') {
    if (!requestedId) throw new ValidationError('customerId', 'required');
    return requestedId;
  }
  if (requestedId !== undefined && requestedId !== p.customerId) {
    throw new ForbiddenError('a customer token can only access its own customer');
  }
  return p.customerId;
}
