import { describe, expect, it } from 'vitest';
import {
  type ChainProblem,
  type ChainProblemKind,
  canonicalJson,
  EMPTY_HEAD,
  GENESIS_HASH,
  seal,
  verifyChain,
} from './chain.ts';
import { AUDIT_SCHEMA_VERSION, redactForAudit, type AuditRecord } from './index.ts';

/** The pure chain, as any backend (file, database) uses it. */
function chainOf(n: number) {
  let head = EMPTY_HEAD;
  const records = [];
  for (let i = 0; i < n; i++) {
    const sealed = seal({ id: `r${i}`, at: `2026-01-0${i + 1}`, nested: { b: 1, a: [i] } }, head);
    records.push(sealed.record);
    head = sealed.head;
  }
  return { records, head };
}
const kindOf = (records: unknown[], head = chainOf(4).head): ChainProblemKind | undefined => {
  const v = verifyChain(records, { head, idOf: (r) => r.id as string });
  return v.ok ? undefined : (v.problem as ChainProblem).kind;
};

describe('hash chain', () => {
  it('canonical JSON ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [1, 'x'] } })).toBe('{"a":{"c":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it('links each record to the previous hash, from the genesis hash', () => {
    const { records, head } = chainOf(4);
    expect(records[0]!.chain.prevHash).toBe(GENESIS_HASH);
    expect(records[3]!.chain).toMatchObject({ seq: 4, prevHash: records[2]!.chain.hash, hash: head.hash });
    expect(verifyChain(records, { head })).toEqual({ ok: true, count: 4, head });
  });
  it('names each kind of tampering', () => {
    const { records } = chainOf(4);
    expect(kindOf([records[0], { ...records[1]!, at: 'x' }, records[2], records[3]])).toBe('edited');
    expect(kindOf([records[0], records[2], records[3]])).toBe('deleted');
    expect(kindOf([records[0], records[2], records[1], records[3]])).toBe('reordered');
    expect(kindOf(records.slice(0, 3))).toBe('truncated');
    expect(kindOf([records[0], null, records[2], records[3]])).toBe('malformed');
  });
  it('redacts the message and answer of every audit record before storage', () => {
    const r = redactForAudit({
      schemaVersion: AUDIT_SCHEMA_VERSION,
      message: 'card 4111 1111 1111 1111',
      answer: 'we will email ada@example.com',
    } as AuditRecord);
    expect([r.message, r.answer]).toEqual(['card [card]', 'we will email [email]']);
  });
});
