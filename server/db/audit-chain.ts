import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain as stored in PostgreSQL, pure: each record's hash is SHA-256 over the
 * previous record's hash and the record's canonical JSON, so removing, reordering or editing any
 * record breaks every later link. The first record links to GENESIS_HASH. Only PgAuditLog's
 * append and verify call it, so moving to another pure chain module changes those two methods.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted and undefined members dropped: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value && typeof value === 'object' && (value as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The hash of a link: hex SHA-256 of previous hash + canonical JSON text. */
export function chainHash(prevHash: string, canonicalRecord: string): string {
  return createHash('sha256').update(prevHash).update(canonicalRecord).digest('hex');
}

export interface ChainLink {
  /** The record's canonical JSON, exactly as hashed. */
  record: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict = { ok: true; length: number; head: string } | { ok: false; brokenAt: number; reason: string };

/**
 * Checks links in order; `brokenAt` is the 0-based index of the first bad link. A long chain is
 * checked in pieces by passing the previous piece's `head` and `length` as `from`.
 */
export function verifyChain(
  links: Iterable<ChainLink>,
  from: { head: string; length: number } = { head: GENESIS_HASH, length: 0 },
): ChainVerdict {
  let prev = from.head;
  let i = from.length;
  for (const link of links) {
    if (link.prevHash !== prev) return { ok: false, brokenAt: i, reason: 'previous hash does not match' };
    if (chainHash(prev, link.record) !== link.hash)
      return { ok: false, brokenAt: i, reason: 'record hash does not match' };
    prev = link.hash;
    i++;
  }
  return { ok: true, length: i, head: prev };
}
