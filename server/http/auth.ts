import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { SignJWT, jwtVerify } from 'jose';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../lib/errors/index.ts';
import type { Audience } from '../../domain/customer-view.ts';
import type { Customer } from '../../domain/customer.ts';
import type { Metrics } from './metrics.ts';
import { TokenBuckets } from './token-buckets.ts';
import type { RevocationList } from './revocation.ts';

/**
 * Who is calling. An RM (an API key bound to an RM id, or an HS256 JWT `{ role: 'rm', sub: <rmId> }`)
 * sees the customers of their own book; a supervisor (a supervisor key, or a JWT with
 * `role: 'supervisor'`) sees every book; a customer (JWT `{ role: 'customer', sub: <customerId> }`)
 * sees only themself. `canSee` is the one rule, and every customer-data route, the search and the
 * assistant's tools apply it: nothing in a request can widen it.
 */
export type Principal =
  | { role: 'rm'; id: string; via: 'api-key' | 'jwt'; rmId: string }
  | { role: 'supervisor'; id: string; via: 'api-key' | 'jwt' }
  | { role: 'customer'; id: string; customerId: string };
/** The bank's people: RMs and supervisors (RM mode, the console, search). */
export type StaffPrincipal = Exclude<Principal, { role: 'customer' }>;
type StaffRole = StaffPrincipal['role'];

export interface AuthOptions {
  /** Keys bound to one RM's book. */
  rmApiKeys: readonly { rmId: string; key: string }[];
  /** Keys that see every book. */
  supervisorApiKeys: readonly string[];
  jwtSecret: string;
  /** Checked for every JWT's `jti`; absent = nothing is revoked. */
  revocations?: RevocationList;
}

/** RM JWTs live at most this long (`exp - iat`); longer ones are refused, whoever signed them. */
const RM_TOKEN_MAX_TTL_S = 12 * 3600;

const ISSUER = 'meridian';
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STAFF_ID = CUSTOMER_ID;

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
  // Every key is compared (constant time each), so the time taken does not say which list matched.
  let found: Principal | undefined;
  for (const key of options.supervisorApiKeys)
    if (equalsConstantTime(token, key)) found = { role: 'supervisor', id: keyId(key), via: 'api-key' };
  for (const { rmId, key } of options.rmApiKeys)
    if (equalsConstantTime(token, key)) found = { role: 'rm', id: keyId(key), via: 'api-key', rmId };
  if (found) return found;
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
  if (payload.role === 'rm' || payload.role === 'supervisor') {
    const lifetime = Number(payload.exp) - Number(payload.iat);
    const left = Number(payload.exp) - Math.floor(Date.now() / 1000);
    if (!(lifetime <= RM_TOKEN_MAX_TTL_S && left <= RM_TOKEN_MAX_TTL_S))
      throw new UnauthorizedError(`invalid token: a staff token may live at most ${RM_TOKEN_MAX_TTL_S / 3600} h`);
    if (typeof payload.sub !== 'string' || !STAFF_ID.test(payload.sub))
      throw new UnauthorizedError('token has no valid role/sub claims');
    return payload.role === 'rm'
      ? { role: 'rm', id: `rm:${payload.sub}`, via: 'jwt', rmId: payload.sub }
      : { role: 'supervisor', id: `supervisor:${payload.sub}`, via: 'jwt' };
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

/**
 * A staff JWT: `role: 'rm'` with the RM's id as `sub` (their book), or `role: 'supervisor'` (every
 * book). At most 12 hours.
 */
export async function mintStaffToken(
  secret: string,
  staff: { role: StaffRole; id: string },
  ttlSeconds = 8 * 3600,
): Promise<string> {
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds > 0 && ttlSeconds <= RM_TOKEN_MAX_TTL_S))
    throw new ValidationError('ttlSeconds', `a whole number of seconds from 1 to ${RM_TOKEN_MAX_TTL_S}`);
  if (!STAFF_ID.test(staff.id)) throw new ValidationError('id', 'letters, digits, _ or -, at most 64');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: staff.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(staff.id)
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
  return principal.role;
}

/**
 * The one rule of who may see which customer: a customer only themself, an RM the customers of
 * their book, a supervisor everyone.
 */
export function canSee(principal: Principal, customer: Pick<Customer, 'id' | 'rmId'>): boolean {
  switch (principal.role) {
    case 'customer':
      return customer.id === principal.customerId;
    case 'rm':
      return customer.rmId === principal.rmId;
    case 'supervisor':
      return true;
  }
}

export function getPrincipal(c: Context): Principal | undefined {
  return c.get('principal') as Principal | undefined;
}

export function requireStaff(c: Context): StaffPrincipal {
  const p = getPrincipal(c);
  if (!p) throw new UnauthorizedError('an RM credential is required (Authorization: Bearer <key or JWT>)');
  if (p.role === 'customer') throw new ForbiddenError('this endpoint is for relationship managers only');
  return p;
}

export function requireAny(c: Context): Principal {
  const p = getPrincipal(c);
  if (!p)
    throw new UnauthorizedError('a credential is required (Authorization: Bearer <RM key/JWT or customer token>)');
  return p;
}

/**
 * Which customer id a request is about, before loading it: a customer token's own id (another id is
 * refused here); for staff the requested id, which `assertCanSee` checks once the record is loaded.
 */
export function customerIdFor(c: Context, requestedId: string | undefined): string {
  const p = requireAny(c);
  if (p.role !== 'customer') {
    if (!requestedId) throw new ValidationError('customerId', 'required');
    return requestedId;
  }
  if (requestedId !== undefined && requestedId !== p.customerId) {
    throw new ForbiddenError('a customer token can only access its own customer');
  }
  return p.customerId;
}

/** 403 unless the caller may see this customer (`canSee`). */
export function assertCanSee(principal: Principal, customer: Pick<Customer, 'id' | 'rmId'>): void {
  if (canSee(principal, customer)) return;
  throw new ForbiddenError(
    principal.role === 'customer'
      ? 'a customer token can only access its own customer'
      : `customer ${customer.id} is not in your book`,
  );
}
