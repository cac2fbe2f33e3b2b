import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { SignJWT, jwtVerify } from 'jose';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../lib/errors/index.ts';
import type { Audience } from '../../domain/customer-view.ts';
import type { Metrics } from './metrics.ts';
import { TokenBuckets } from './token-buckets.ts';
import type { RevocationList } from './revocation.ts';

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
  /** Checked for every JWT's `jti`; absent = nothing is revoked. */
  revocations?: RevocationList;
}

/** RM JWTs live at most this long (`exp - iat`); longer ones are refused, whoever signed them. */
const RM_TOKEN_MAX_TTL_S = 12 * 3600;

const ISSUER = 'meridian';
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Stable, non-reversible id for an API key (rate-limit bucket, logs). */
function keyId(key: string): string {
  return `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

export function equalsConstantTime(a: string, b: string): boolean {
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
    ({ payload } = await jwtVerify(token, secretKey(options.jwtSecret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    }));
  } catch (err) {
    throw new UnauthorizedError(`invalid token: ${(err as Error).message}`);
  }
  if (typeof payload.jti !== 'string' || !payload.jti) throw new UnauthorizedError('invalid token: no jti claim');
  if (await options.revocations?.isRevoked(payload.jti)) throw new UnauthorizedError('token has been revoked');
  if (payload.role === 'rm') {
    const lifetime = Number(payload.exp) - Number(payload.iat);
    const left = Number(payload.exp) - Math.floor(Date.now() / 1000);
    if (!(lifetime <= RM_TOKEN_MAX_TTL_S && left <= RM_TOKEN_MAX_TTL_S))
      throw new UnauthorizedError(`invalid token: an RM token may live at most ${RM_TOKEN_MAX_TTL_S / 3600} h`);
    return { role: 'rm', id: `rm:${String(payload.sub)}`, via: 'jwt' };
  }
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
    .setJti(randomUUID())
    .sign(secretKey(secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function mintRmToken(secret: string, rmId: string, ttlSeconds = 8 * 3600): Promise<string> {
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds > 0 && ttlSeconds <= RM_TOKEN_MAX_TTL_S))
    throw new ValidationError('ttlSeconds', `a whole number of seconds from 1 to ${RM_TOKEN_MAX_TTL_S}`);
  if (!CUSTOMER_ID.test(rmId)) throw new ValidationError('rmId', 'letters, digits, _ or -, at most 64');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'rm' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(rmId)
    .setIssuer(ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID())
    .sign(secretKey(secret));
}

export interface AuthMiddlewareOptions extends AuthOptions {
  /** Failed authentications allowed per client address a minute; beyond that 429 without checking. */
  failuresPerMin: number;
  clientAddress: (c: Context) => string;
  metrics?: Metrics;
}

/**
 * Parses the Authorization header (if any) into `c.var.principal`; a bad credential is 401. A client
 * address with too many recent failures gets 429 (Retry-After) before its credential is even looked
 * at, so keys and tokens cannot be guessed at line rate.
 */
export function authMiddleware(options: AuthMiddlewareOptions): MiddlewareHandler {
  const failures = new TokenBuckets(options.failuresPerMin);
  return async (c, next) => {
    const header = c.req.header('authorization');
    let principal: Principal | undefined;
    if (header !== undefined) {
      const bucket = `auth-failures:${options.clientAddress(c)}`;
      const wait = failures.peek(bucket);
      if (wait > 0) {
        options.metrics?.rateLimited.inc({ kind: 'auth-failures' });
        throw new TooManyRequestsError('too many failed authentications from this address', wait);
      }
      try {
        principal = await authenticate(header, options);
      } catch (err) {
        if (err instanceof UnauthorizedError) failures.take(bucket);
        throw err;
      }
    }
    c.set('principal', principal);
    await next();
  };
}

/** Which field view of a customer record a principal gets (domain/customer-view.ts). */
export function audienceOf(principal: Principal): Audience {
  return principal.role === 'customer' ? 'customer' : 'rm';
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
