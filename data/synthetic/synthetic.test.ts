import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meetsEligibility, NEW_PRODUCT_IDS, PRODUCTS, productById } from '../../domain/catalog/index.ts';
import { CustomerSchema } from '../../domain/index.ts';
import {
  AdoptionSchema,
  defaultSyntheticDir,
  generateCustomer,
  generateCustomers,
  JsonlError,
  ManifestSchema,
  PreferencesSchema,
  readJsonl,
  readJsonlRecords,
  writeSyntheticDataset,
} from './index.ts';
import { Rng } from '../../lib/random/index.ts';
import { runGenerate } from './cli.ts';
import { gzipSync } from 'node:zlib';
import { nextAddLogWeights, populationMeanAffinity, SYNTHETIC_SCHEMA_VERSION } from './index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'synthetic-'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('PRNG', () => {
  it('is deterministic per seed and roughly uniform / normal', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(new Rng(8).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const ns = Array.from({ length: 20_000 }, () => a.normal());
    const m = ns.reduce((s, x) => s + x, 0) / ns.length;
    const sd = Math.sqrt(ns.reduce((s, x) => s + (x - m) ** 2, 0) / ns.length);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});

describe('writeSyntheticDataset', () => {
  it('same seed → byte-identical files; different seed → different', async () => {
    const [d1, d2, d3] = [tmp(), tmp(), tmp()];
    const m1 = await writeSyntheticDataset({ dir: d1, seed: 11, count: 1500 });
    const m2 = await writeSyntheticDataset({ dir: d2, seed: 11, count: 1500 });
    const m3 = await writeSyntheticDataset({ dir: d3, seed: 12, count: 1500 });
    for (const f of ['customers.jsonl', 'preferences.jsonl', 'adoptions.jsonl', 'products.json']) {
      expect(sha(join(d1, f))).toBe(sha(join(d2, f)));
      expect(m1.files[f].sha256).toBe(sha(join(d1, f))); // manifest hashes are the files' real hashes
    }
    expect(readFileSync(join(d1, 'manifest.json'), 'utf8')).toBe(readFileSync(join(d2, 'manifest.json'), 'utf8'));
    expect(m3.files['customers.jsonl'].sha256).not.toBe(m1.files['customers.jsonl'].sha256);
    expect(m3.files['adoptions.jsonl'].sha256).not.toBe(m1.files['adoptions.jsonl'].sha256);
    expect(ManifestSchema.parse(JSON.parse(readFileSync(join(d1, 'manifest.json'), 'utf8')))).toEqual(m1);
    expect(m2).toMatchObject({ seed: 11, count: 1500, schemaVersion: SYNTHETIC_SCHEMA_VERSION });
    expect(m1.files['customers.jsonl'].lines).toBe(1500);
  });

  it('a customer does not depend on how many are generated (per-customer streams)', () => {
    const slice = [...generateCustomers({ seed: 5, count: 3, start: 100 })];
    expect(slice[1]).toEqual(generateCustomer(5, 101));
    expect(slice[0].customer.id).toBe('C0000101');
  });

  it('every written row is valid under its schema; ids line up across files', async () => {
    const dir = tmp();
    await writeSyntheticDataset({ dir, seed: 3, count: 800 });
    const ids: string[] = [];
    for await (const c of readJsonl(join(dir, 'customers.jsonl'), CustomerSchema)) ids.push(c.id);
    const prefIds: string[] = [];
    for await (const p of readJsonl(join(dir, 'preferences.jsonl'), PreferencesSchema)) prefIds.push(p.id);
    const addIds: string[] = [];
    for await (const a of readJsonl(join(dir, 'adoptions.jsonl'), AdoptionSchema)) addIds.push(a.id);
    expect(ids).toHaveLength(800);
    expect(new Set(ids).size).toBe(800);
    expect(prefIds).toEqual(ids);
    expect(addIds).toEqual(ids);
    expect(JSON.parse(readFileSync(join(dir, 'products.json'), 'utf8'))).toEqual(PRODUCTS);
  });

  it('reports progress and defaults under the state dir', async () => {
    const seen: number[] = [];
    await writeSyntheticDataset({
      dir: tmp(),
      seed: 1,
      count: 2500,
      progressEvery: 1000,
      onProgress: (d) => seen.push(d),
    });
    expect(seen).toEqual([1000, 2000, 2500]);
    expect(defaultSyntheticDir({ stateDir: '.meridian' })).toBe(join('.meridian', 'data', 'synthetic'));
  });
});

describe('readJsonl', () => {
  it('names file:line: field: reason for bad lines; onError lets good lines through', async () => {
    const file = join(tmp(), 'bad.jsonl');
    writeFileSync(
      file,
      ['{"id":"a","added":[]}', '', '{"id":"b","added":"x"}', 'not json', '{"id":"c","added":["p"]}'].join('\n'),
    );
    const errors: string[] = [];
    const ok: string[] = [];
    for await (const r of readJsonlRecords(file, AdoptionSchema, {
      onError: (e) => errors.push(`${e.file}:${e.line}: ${e.field}`),
    }))
      ok.push(`${r.line}:${r.value.id}`);
    expect(ok).toEqual(['1:a', '5:c']);
    expect(errors).toEqual([`${file}:3: added`, `${file}:4: (json)`]);
    const strict = async () => {
      for await (const _ of readJsonl(file, AdoptionSchema)) void _;
    };
    await expect(strict()).rejects.toThrow(JsonlError);
    await expect(strict()).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: added: `));
  });
});

describe('generator model', () => {
  const sample = [...generateCustomers({ seed: 42, count: 4000 })];

  it('produces realistic joint distributions', () => {
    const by = (f: (g: (typeof sample)[number]) => boolean) => sample.filter(f).map((g) => g.customer);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const students = by((g) => g.customer.lifeStage === 'student');
    const retired = by((g) => g.customer.lifeStage === 'retired');
    expect(Math.max(...students.map((c) => c.age))).toBeLessThanOrEqual(30);
    expect(Math.min(...retired.map((c) => c.age))).toBeGreaterThanOrEqual(58);
    // Income ↔ segment.
    expect(mean(by((g) => g.customer.segment === 'high_net_worth').map((c) => c.income))).toBeGreaterThan(
      2 * mean(by((g) => g.customer.segment === 'mass').map((c) => c.income)),
    );
    // Credit score falls with utilization.
    const lowU = by((g) => g.customer.creditUtilization < 0.2).map((c) => c.creditScore);
    const highU = by((g) => g.customer.creditUtilization > 0.6).map((c) => c.creditScore);
    expect(mean(lowU) - mean(highU)).toBeGreaterThan(60);
    // Younger customers are more digital.
    expect(mean(students.map((c) => c.digitalEngagement))).toBeGreaterThan(
      mean(retired.map((c) => c.digitalEngagement)) + 0.2,
    );
    // Some, not all, have notes; everyone has a name.
    const notes = sample.filter((g) => g.customer.notes).length / sample.length;
    expect(notes).toBeGreaterThan(0.08);
    expect(notes).toBeLessThan(0.25);
    expect(sample.every((g) => g.customer.name.includes(' '))).toBe(true);
  });

  it('holdings and next-period adds mostly respect eligibility, never repeat a held product, and never hold a NEW product', () => {
    let adds = 0;
    let ineligible = 0;
    for (const { customer, adoption } of sample) {
      for (const id of NEW_PRODUCT_IDS) expect(customer.productsHeld).not.toContain(id);
      for (const id of adoption.added) {
        expect(customer.productsHeld).not.toContain(id);
        adds++;
        if (!meetsEligibility(customer, productById(id)!)) ineligible++;
      }
    }
    expect(adds).toBeGreaterThan(1000);
    expect(ineligible / adds).toBeLessThan(0.06);
    expect(sample.some((g) => g.adoption.added.some((id) => NEW_PRODUCT_IDS.has(id)))).toBe(true);
  });

  it('adds are driven by the hidden preferences: the preference oracle beats popularity by far (Recall@5)', () => {
    const mean = populationMeanAffinity(PRODUCTS);
    const train = sample.slice(0, 2000);
    const test = sample.slice(2000);
    const counts = new Map<string, number>();
    for (const g of train) for (const id of g.adoption.added) counts.set(id, (counts.get(id) ?? 0) + 1);
    const popular = PRODUCTS.map((p) => p.id).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
    let hitsPop = 0;
    let hitsOracle = 0;
    let total = 0;
    for (const { customer, preferences, adoption } of test) {
      if (!adoption.added.length) continue;
      const top5 = (ids: string[]) => ids.filter((id) => !customer.productsHeld.includes(id)).slice(0, 5);
      const w = nextAddLogWeights(customer, customer.productsHeld, preferences, PRODUCTS, mean);
      const oracle = [...w.keys()].sort((a, b) => w.get(b)! - w.get(a)!);
      hitsPop += top5(popular).filter((id) => adoption.added.includes(id)).length;
      hitsOracle += top5(oracle).filter((id) => adoption.added.includes(id)).length;
      total += adoption.added.length;
    }
    // Measured at seed 42: oracle ≈ 0.94, popularity ≈ 0.36 — room for a learned model to reach 2×.
    expect(hitsOracle / total).toBeGreaterThan(0.8);
    expect(hitsOracle / hitsPop).toBeGreaterThan(2.2);
  });
});

describe('learnability', () => {
  it('a naive-Bayes model on observable features + held products beats popularity (Recall@5)', () => {
    // Not the recommender: a 30-line learned baseline proving the signal is in the FEATURES, not
    // only in the hidden preferences. Measured: 0.62 vs 0.34 at 10k, 0.64 vs 0.32 at 20k (seed 42).
    const all = [...generateCustomers({ seed: 42, count: 10_000 })];
    const train = all.slice(0, 8_000);
    const test = all.slice(8_000);
    const feats = (c: (typeof all)[number]['customer']) => [
      `ls:${c.lifeStage}`,
      `rt:${c.riskTolerance}`,
      `hz:${c.investmentHorizon}`,
      `sg:${c.segment}`,
      ...c.goals.map((g) => `g:${g}`),
      ...c.productsHeld.map((p) => `h:${p}`),
      `inc:${Math.min(6, Math.floor(Math.log2(Math.max(c.income, 5_000) / 5_000)))}`,
      `cs:${Math.floor(c.creditScore / 50)}`,
      `age:${Math.floor(c.age / 10)}`,
      `dig:${Math.floor(c.digitalEngagement * 4)}`,
      `sav:${Math.min(6, Math.floor(Math.log2(1 + c.savingsBalance / 2_000)))}`,
    ];
    const productCount = new Map<string, number>();
    const featureCount = new Map<string, number>();
    const joint = new Map<string, number>();
    const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const { customer, adoption } of train) {
      const f = feats(customer);
      for (const x of f) inc(featureCount, x);
      for (const p of adoption.added) {
        inc(productCount, p);
        for (const x of f) inc(joint, `${p}|${x}`);
      }
    }
    const ids = PRODUCTS.map((p) => p.id);
    const popular = [...ids].sort((a, b) => (productCount.get(b) ?? 0) - (productCount.get(a) ?? 0));
    let hitsPop = 0;
    let hitsNb = 0;
    for (const { customer, adoption } of test) {
      if (!adoption.added.length) continue;
      const f = feats(customer);
      const score = (p: string) => {
        const np = (productCount.get(p) ?? 0) + 1;
        let s = Math.log(np);
        for (const x of f)
          s +=
            Math.log(((joint.get(`${p}|${x}`) ?? 0) + 0.5) / (np + 1)) -
            Math.log(((featureCount.get(x) ?? 0) + 1) / (train.length + 2));
        return s;
      };
      const top5 = (ranked: string[]) => ranked.filter((id) => !customer.productsHeld.includes(id)).slice(0, 5);
      hitsPop += top5(popular).filter((id) => adoption.added.includes(id)).length;
      hitsNb += top5([...ids].sort((a, b) => score(b) - score(a))).filter((id) => adoption.added.includes(id)).length;
    }
    expect(hitsNb / hitsPop).toBeGreaterThan(1.6);
  });
});

describe('memory bound', () => {
  it('writes 200,000 customers with bounded heap growth', async () => {
    const dir = tmp();
    const base = process.memoryUsage();
    let peak = 0;
    const manifest = await writeSyntheticDataset({
      dir,
      seed: 9,
      count: 200_000,
      progressEvery: 5_000,
      onProgress: () => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.external - base.heapUsed - base.external);
      },
    });
    expect(manifest.files['customers.jsonl'].lines).toBe(200_000);
    // Holding every record would need several hundred MB (≈ 1.7 kB per customer across files).
    expect(peak).toBeLessThan(96 * 1024 * 1024);
  }, 120_000);
});

describe('npm run generate', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { out: (s: string) => void out.push(s), err: { write: (s: string) => err.push(s), isTTY: false } },
    };
  };
  it('documents its options, rejects bad ones naming them, and writes a dataset', async () => {
    const help = io();
    expect(await runGenerate(['--help'], help.io)).toBe(0);
    for (const opt of ['--customers', '--seed', '--out', '--quiet']) expect(help.out.join('')).toContain(opt);
    const bad = io();
    expect(await runGenerate(['--customers', 'lots'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/--customers: expected an integer/);
    const unknown = io();
    expect(await runGenerate(['--custmers', '5'], unknown.io)).toBe(2);
    const dir = tmp();
    const ok = io();
    expect(await runGenerate(['--customers', '300', '--seed', '4', '--out', dir], ok.io)).toBe(0);
    expect(ok.err.join('')).toMatch(/wrote 300 customers \(seed 4\)/);
    expect(ManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')))).toMatchObject({
      seed: 4,
      count: 300,
    });
  });
});

describe('readJsonl on gzip', () => {
  it('reads .jsonl.gz transparently', async () => {
    const file = join(tmp(), 'a.jsonl.gz');
    writeFileSync(file, gzipSync('{"id":"x","added":["p"]}\n{"id":"y","added":[]}\n'));
    const ids: string[] = [];
    for await (const a of readJsonl(file, AdoptionSchema)) ids.push(a.id);
    expect(ids).toEqual(['x', 'y']);
  });
});
