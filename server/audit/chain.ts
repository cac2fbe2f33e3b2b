import { createHash } from 'node:crypto';

/**
 * The hash chain that makes the audit and feedback logs tamper-evident, as pure functions over
 * records: no files here, so a database backend seals and verifies exactly the same way.
 *
 * Each record carries `chain: { seq, prevHash, hash }`: `seq` counts from 1, `prevHash` is the
 * previous record's `hash` (64 zeros for the first), and `hash` is SHA-256 over the seq, the
 * prevHash and the record's canonical JSON without `chain`. Editing a record changes its hash;
 * deleting or moving one breaks the seq and prevHash links; cutting the end off is caught against
 * the head (the last seq and hash, stored apart from the records). Retention pruning moves the
 * start: the anchor says which seq and prevHash the first kept record must have.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}
export type Chained<T> = T & { chain: ChainLink };

/** The last sealed record: where the next one links on. */
export interface ChainHead {
  seq: number;
  hash: string;
}
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** Where a (pruned) chain starts: the first record's seq and prevHash. */
export interface ChainAnchor {
  seq: number;
  prevHash: string;
}

/** JSON with object keys sorted at every level and undefined members dropped: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function hashOf(seq: number, prevHash: string, body: object): string {
  return createHash('sha256')
    .update(`${seq}\n${prevHash}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** Seal `body` onto the chain after `head`; returns the record to store and the new head. */
export function seal<T extends object>(body: T, head: ChainHead): { record: Chained<T>; head: ChainHead } {
  const { chain: _ignored, ...plain } = body as T & { chain?: unknown };
  const seq = head.seq + 1;
  const hash = hashOf(seq, head.hash, plain);
  return { record: { ...(plain as T), chain: { seq, prevHash: head.hash, hash } }, head: { seq, hash } };
}

export type ChainProblemKind = 'malformed' | 'edited' | 'deleted' | 'reordered' | 'relinked' | 'truncated';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** 1-based position of the record in the log (its line, for a JSONL file). */
  position: number;
  seq?: number;
  /** The record's own id (auditId, feedback id), when it has one. */
  id?: string;
  message: string;
}

export type ChainVerdict =
  | { ok: true; count: number; head: ChainHead }
  | { ok: false; count: number; problem: ChainProblem };

export interface VerifyOptions {
  /** The first record's expected seq and prevHash (default: seq 1 after the genesis hash). */
  anchor?: ChainAnchor;
  /** The stored head: a log that ends before it was truncated. */
  head?: ChainHead;
  /** A record's id for messages. */
  idOf?: (record: Record<string, unknown>) => string | undefined;
}

const isLink = (x: unknown): x is ChainLink =>
  typeof x === 'object' &&
  x !== null &&
  Number.isInteger((x as ChainLink).seq) &&
  typeof (x as ChainLink).prevHash === 'string' &&
  typeof (x as ChainLink).hash === 'string';

/**
 * Check a whole chain, in stored order. The first problem is returned with the record's position,
 * seq and id: an edited record, a deleted one (a seq missing), records out of order, a record
 * re-linked after an edit (its prevHash no longer matches the record before it), or a log that
 * ends before the stored head (truncated).
 */
export function verifyChain(records: readonly unknown[], options: VerifyOptions = {}): ChainVerdict {
  const anchor = options.anchor ?? { seq: 1, prevHash: GENESIS_HASH };
  const seqs = records.map((r) => (isLink((r as { chain?: unknown })?.chain) ? (r as Chained<object>).chain.seq : -1));
  let prev: ChainHead | undefined;
  const hashes = new Map<number, string>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as Record<string, unknown> | null;
    const position = i + 1;
    const id = record && typeof record === 'object' ? options.idOf?.(record) : undefined;
    const fail = (kind: ChainProblemKind, seq: number | undefined, message: string): ChainVerdict => ({
      ok: false,
      count: records.length,
      problem: {
        kind,
        position,
        seq,
        id,
        message: `record ${position}${seq !== undefined ? ` (seq ${seq}` : ''}${id ? `${seq !== undefined ? ', ' : ' ('}${id}` : ''}${seq !== undefined || id ? ')' : ''}: ${message}`,
      },
    });
    if (!record || typeof record !== 'object' || !isLink(record.chain))
      return fail('malformed', undefined, 'no chain link');
    const link = record.chain;
    const { chain: _link, ...body } = record;
    if (hashOf(link.seq, link.prevHash, body) !== link.hash)
      return fail('edited', link.seq, 'contents do not match its hash (edited)');
    const expectedSeq = prev ? prev.seq + 1 : anchor.seq;
    const expectedPrev = prev ? prev.hash : anchor.prevHash;
    if (link.seq > expectedSeq) {
      const moved = seqs.slice(i + 1).includes(expectedSeq);
      return moved
        ? fail('reordered', link.seq, `expected seq ${expectedSeq} here; records are out of order`)
        : fail(
            'deleted',
            link.seq,
            `seq ${expectedSeq}${link.seq - 1 > expectedSeq ? `–${link.seq - 1}` : ''} missing before it (deleted)`,
          );
    }
    if (link.seq < expectedSeq)
      return fail('reordered', link.seq, `expected seq ${expectedSeq} here; records are out of order or repeated`);
    if (link.prevHash !== expectedPrev)
      return fail('relinked', link.seq, 'does not link to the record before it (that record was edited or replaced)');
    prev = { seq: link.seq, hash: link.hash };
    hashes.set(link.seq, link.hash);
  }
  const last = prev ?? { seq: anchor.seq - 1, hash: anchor.prevHash };
  if (options.head) {
    // A head behind the log is a crash between writing a record and its head: the extra records
    // are chained, so they are fine. A head past the end, or a different hash at its seq, is not.
    if (options.head.seq > last.seq)
      return {
        ok: false,
        count: records.length,
        problem: {
          kind: 'truncated',
          position: records.length,
          seq: last.seq,
          message: `log ends at seq ${last.seq} but its head says ${options.head.seq}: records ${last.seq + 1}–${options.head.seq} were cut off (truncated)`,
        },
      };
    if (options.head.seq >= anchor.seq && hashes.get(options.head.seq) !== options.head.hash)
      return {
        ok: false,
        count: records.length,
        problem: {
          kind: 'edited',
          position: records.length,
          seq: options.head.seq,
          message: `the record with seq ${options.head.seq} does not match the stored head hash (replaced)`,
        },
      };
  }
  return { ok: true, count: records.length, head: last };
}
