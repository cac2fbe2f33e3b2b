import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { FileAuditLog } from '../audit/index.ts';
import { createFeedbackStore } from '../feedback/store.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';

/**
 * The audit and feedback logs as an attacker with write access to the state folder would meet them:
 * answers produced over real HTTP, then the files edited, cut, shuffled; `npm run audit:verify`
 * (the real CLI, spawned) must fail and name the record each time.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SECRET = 'test-secret-test-secret-123';
const state = mkdtempSync(path.join(os.tmpdir(), 'meridian-audit-'));
const answers = path.join(state, 'audit', 'answers.jsonl');
const feedbackPath = path.join(state, 'feedback', 'feedback.jsonl');
let server: RunningApp;

async function verify(file: string): Promise<{ code: number; out: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MERIDIAN_')));
  try {
    const { stdout } = await promisify(execFile)(TSX, ['server/audit/verify-cli.ts', file], { cwd: ROOT, env });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

/** A copy of the answers log (and its head) to tamper with. */
function copy(name: string): string {
  const dir = path.join(state, name);
  cpSync(path.join(state, 'audit'), dir, { recursive: true });
  return path.join(dir, 'answers.jsonl');
}
const linesOf = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');
const write = (file: string, lines: string[]) => writeFileSync(file, `${lines.join('\n')}\n`);

beforeAll(async () => {
  server = await listen(
    fakeAppDeps(new TemplateGenerator(), {
      audit: new FileAuditLog(state),
      feedback: createFeedbackStore(feedbackPath),
    }),
  );
  const token = (await mintCustomerToken(SECRET, 'C000042')).token;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const messages = [
    'My card 4111 1111 1111 1111 was charged twice, email me at ada@example.com',
    'What savings suit me? Call 07700 900123.',
    'Is my account 12345678 eligible for the fixed saver?',
    'Tell me about funds.',
    'Any advice?',
  ];
  for (const message of messages) {
    const res = await fetch(`${server.url}/api/chat`, { method: 'POST', headers, body: JSON.stringify({ message }) });
    const body = await res.text();
    const auditId = /"auditId":"([^"]+)"/.exec(body)?.[1];
    await fetch(`${server.url}/api/feedback`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ auditId, rating: 'up', comment: 'reach me on +44 20 7946 0958' }),
    });
  }
}, 60_000);
afterAll(() => server.close());

describe('audit log integrity', () => {
  it('stores the chain in 0600 files, without card numbers, account numbers, emails or phones', async () => {
    expect(statSync(answers).mode & 0o777).toBe(0o600);
    expect(statSync(feedbackPath).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(answers)).mode & 0o777).toBe(0o700);
    const text = readFileSync(answers, 'utf8') + readFileSync(feedbackPath, 'utf8');
    for (const pii of ['4111 1111', 'ada@example.com', '07700 900123', 'account 12345678', '7946 0958'])
      expect(text).not.toContain(pii);
    expect(text).toContain('[card]');
    const records = linesOf(answers).map((l) => JSON.parse(l));
    expect(records.map((r) => r.chain.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1].chain.prevHash).toBe(records[0].chain.hash);
  });

  it('verifies an untouched log (answers and feedback)', async () => {
    const ok = await verify(answers);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/ok, 5 records/);
    expect((await verify(feedbackPath)).code).toBe(0);
  });

  it('detects an edited record and names it', async () => {
    const file = copy('edited');
    const lines = linesOf(file);
    lines[2] = lines[2]!.replace(/"answer":"[^"]*"/, '"answer":"We never said that."');
    write(file, lines);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(edited\) record 3 \(seq 3, [0-9a-f-]{36}\)/);
  });

  it('detects an edit whose hash was recomputed (the next record no longer links)', async () => {
    const { seal } = await import('../audit/chain.ts');
    const file = copy('relinked');
    const lines = linesOf(file);
    const prev = JSON.parse(lines[0]!).chain;
    const edited = { ...JSON.parse(lines[1]!), message: 'forged' };
    lines[1] = JSON.stringify(seal(edited, { seq: prev.seq, hash: prev.hash }).record);
    write(file, lines);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(relinked\) record 3 \(seq 3/);
  });

  it('detects a deleted record', async () => {
    const file = copy('deleted');
    const lines = linesOf(file);
    lines.splice(1, 1);
    write(file, lines);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(deleted\) record 2 \(seq 3.*seq 2 missing/);
  });

  it('detects reordered records', async () => {
    const file = copy('reordered');
    const lines = linesOf(file);
    [lines[1], lines[3]] = [lines[3]!, lines[1]!];
    write(file, lines);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(reordered\) record 2 \(seq 4/);
  });

  it('detects a truncated log (last records cut off, or a torn line)', async () => {
    const file = copy('truncated');
    write(file, linesOf(file).slice(0, 3));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(truncated\).*ends at seq 3 but its head says 5/);
    const torn = copy('torn');
    writeFileSync(torn, readFileSync(torn, 'utf8').slice(0, -40));
    const t = await verify(torn);
    expect(t.code).toBe(1);
    expect(t.out).toMatch(/TAMPERED \(malformed\) record 5/);
  });

  it('detects a tampered feedback log the same way', async () => {
    const lines = linesOf(feedbackPath);
    const file = path.join(state, 'feedback-edited.jsonl');
    cpSync(`${feedbackPath}.head.json`, `${file}.head.json`);
    write(file, [lines[0]!, lines[1]!.replace('"up"', '"down"'), ...lines.slice(2)]);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TAMPERED \(edited\) record 2/);
  });

  it('retention drops old records and the rest still verifies', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-retention-'));
    const log = new FileAuditLog(dir);
    const record = JSON.parse(linesOf(answers)[0]!);
    delete record.chain;
    for (const [i, at] of ['2020-01-01', '2020-02-01', '2030-01-01', '2030-02-01'].entries())
      await log.append({ ...record, auditId: `r${i}`, at: `${at}T00:00:00.000Z` });
    expect(await log.prune(new Date('2025-01-01'))).toBe(2);
    expect(linesOf(log.file).map((l) => JSON.parse(l).auditId)).toEqual(['r2', 'r3']);
    expect(await log.verify()).toMatchObject({ ok: true, count: 2, head: { seq: 4 } });
    await log.append({ ...record, auditId: 'r4', at: '2030-03-01T00:00:00.000Z' });
    expect((await verify(log.file)).out).toMatch(/ok, 3 records, chain intact to seq 5/);
    // Removing the first kept record now is a deletion too: the anchor says where the chain starts.
    write(log.file, linesOf(log.file).slice(1));
    expect((await verify(log.file)).out).toMatch(/TAMPERED \(deleted\) record 1 \(seq 4/);
  });
});
