import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { mintCustomerToken, mintStaffToken } from '../http/auth.ts';
import { FileRevocationList } from '../http/revocation.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';

/** Attacks on bearer tokens through real HTTP: forged, expired, revoked, no exp, no jti, too long-lived. */
const SECRET = 'test-secret-test-secret-123';
const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-revoked-'));
const revocations = new FileRevocationList(path.join(dir, 'revoked.txt'));
let server: RunningApp;

beforeAll(async () => {
  server = await listen(fakeAppDeps(new TemplateGenerator(), { revocations }));
});
afterAll(() => server.close());

const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>, secret = SECRET, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
const profile = (token: string) =>
  fetch(`${server.url}/api/customers/C000042`, { headers: { authorization: `Bearer ${token}` } });

describe('bearer tokens', () => {
  it('accepts a freshly minted staff token and a customer token for its own id', async () => {
    expect((await profile(await mintStaffToken(SECRET, { role: 'supervisor', id: 'alice' }))).status).toBe(200);
    expect((await profile((await mintCustomerToken(SECRET, 'C000042')).token)).status).toBe(200);
  });

  it('rejects a token signed with another secret', async () => {
    const res = await profile(
      await mintStaffToken('someone-elses-secret-0123456789', { role: 'supervisor', id: 'alice' }),
    );
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/signature/);
  });

  it('rejects an unsigned (alg none) token', async () => {
    const body = Buffer.from(
      JSON.stringify({ role: 'rm', sub: 'x', iss: 'meridian', iat: now(), exp: now() + 60, jti: 'j' }),
    ).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect((await profile(none)).status).toBe(401);
  });

  it('rejects an expired token', async () => {
    const token = await sign({
      role: 'rm',
      sub: 'alice',
      iss: 'meridian',
      iat: now() - 7200,
      exp: now() - 3600,
      jti: 'e1',
    });
    const res = await profile(token);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/exp/);
  });

  it('rejects a token without exp, without jti, or an RM token living longer than 12 h', async () => {
    const base = { role: 'rm', sub: 'alice', iss: 'meridian', iat: now() };
    for (const [claims, why] of [
      [{ ...base, jti: 'n1' }, /exp/],
      [{ ...base, exp: now() + 600 }, /jti/],
      [{ ...base, exp: now() + 13 * 3600, jti: 'n2' }, /at most 12 h/],
    ] as const) {
      const res = await profile(await sign(claims));
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(why);
    }
    await expect(mintStaffToken(SECRET, { role: 'supervisor', id: 'alice' }, 13 * 3600)).rejects.toMatchObject({
      field: 'ttlSeconds',
    });
  });

  it('rejects a revoked token on the next request (file list, no restart)', async () => {
    const token = await mintStaffToken(SECRET, { role: 'supervisor', id: 'bob' });
    expect((await profile(token)).status).toBe(200);
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    await revocations.revoke(jti, 'laptop lost');
    const res = await profile(token);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/revoked/);
    // An operator editing the file by hand works the same way.
    const customer = (await mintCustomerToken(SECRET, 'C000042')).token;
    const cjti = JSON.parse(Buffer.from(customer.split('.')[1]!, 'base64url').toString()).jti as string;
    writeFileSync(revocations.file, `${jti}\n# by hand\n${cjti}\n`);
    expect((await profile(customer)).status).toBe(401);
  });
});
