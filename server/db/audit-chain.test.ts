import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain } from './audit-chain.ts';

const link = (prevHash: string, value: unknown) => {
  const record = canonicalJson(value);
  return { record, prevHash, hash: chainHash(prevHash, record) };
};

describe('audit hash chain', () => {
  it('canonical JSON: keys sorted at every depth, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
  it('hash = SHA-256 hex of previous hash + canonical record', () => {
    expect(chainHash(GENESIS_HASH, '{}')).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, '{}')).not.toBe(chainHash(chainHash(GENESIS_HASH, '{}'), '{}'));
  });
  it('verifies a chain, in pieces too; names the first broken link', () => {
    const l1 = link(GENESIS_HASH, { n: 1 });
    const l2 = link(l1.hash, { n: 2 });
    const l3 = link(l2.hash, { n: 3 });
    expect(verifyChain([l1, l2, l3])).toEqual({ ok: true, length: 3, head: l3.hash });
    const first = verifyChain([l1]);
    expect(first.ok && verifyChain([l2, l3], first)).toEqual({ ok: true, length: 3, head: l3.hash });
    expect(verifyChain([l1, l3])).toMatchObject({ ok: false, brokenAt: 1, reason: 'previous hash does not match' });
    expect(verifyChain([l1, { ...l2, record: '{"n":9}' }])).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
