import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Config } from '../../lib/config/index.ts';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Product } from '../../domain/index.ts';
import { generateCustomers } from './generate.ts';
import { type Manifest, ManifestSchema, SYNTHETIC_FILES, SYNTHETIC_SCHEMA_VERSION } from './schemas.ts';

export interface WriteSyntheticOptions {
  dir: string;
  seed: number;
  count: number;
  products?: readonly Product[];
  /** Called every `progressEvery` customers and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Where the synthetic dataset lives by default: `<stateDir>/data/synthetic`. */
export const defaultSyntheticDir = (config: Pick<Config, 'stateDir'>) => join(config.stateDir, 'data', 'synthetic');

/** A JSONL sink that hashes what it writes and waits for 'drain' (backpressure → bounded memory). */
class HashedSink {
  readonly hash: Hash = createHash('sha256');
  private readonly stream: WriteStream;
  bytes = 0;
  lines = 0;
  private pending = '';

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
  }

  push(obj: unknown) {
    this.pending += `${JSON.stringify(obj)}\n`;
    this.lines++;
  }

  async flush() {
    if (!this.pending) return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/**
 * Generate `count` customers into `dir`: customers.jsonl, preferences.jsonl (hidden),
 * adoptions.jsonl (next-period adds), products.json and manifest.json (seed, count, schema
 * version, sha256 per file). Memory stays bounded at any count: customers are generated lazily
 * and written in small batches that wait for the disk. Files are written under temporary names
 * and renamed when complete; the manifest is removed first and written last, so a dataset with
 * a manifest is always complete.
 */
export async function writeSyntheticDataset(options: WriteSyntheticOptions): Promise<Manifest> {
  const { dir, seed, count, products = PRODUCTS, onProgress, progressEvery = 1000 } = options;
  await mkdir(dir, { recursive: true });
  await rm(join(dir, SYNTHETIC_FILES.manifest), { force: true });
  const names = [SYNTHETIC_FILES.customers, SYNTHETIC_FILES.preferences, SYNTHETIC_FILES.adoptions] as const;
  const sinks = names.map((n) => new HashedSink(join(dir, `${n}.tmp`)));
  const [customers, preferences, adoptions] = sinks;
  let held = 0;
  let adders = 0;
  let added = 0;
  let done = 0;
  try {
    for (const g of generateCustomers({ seed, count, products })) {
      customers.push(g.customer);
      preferences.push(g.preferences);
      adoptions.push(g.adoption);
      held += g.customer.productsHeld.length;
      if (g.adoption.added.length) {
        adders++;
        added += g.adoption.added.length;
      }
      done++;
      if (done % 256 === 0) await Promise.all(sinks.map((s) => s.flush()));
      if (onProgress && done % progressEvery === 0) onProgress(done, count);
    }
    await Promise.all(sinks.map((s) => s.close()));
  } catch (e) {
    await Promise.all(sinks.map((s) => rm(s.path, { force: true })));
    throw e;
  }
  if (onProgress && done % progressEvery !== 0) onProgress(done, count);

  const productsJson = Buffer.from(`${JSON.stringify(products, null, 2)}\n`, 'utf8');
  const files: Manifest['files'] = {};
  names.forEach((n, i) => {
    files[n] = { sha256: sinks[i].hash.digest('hex'), bytes: sinks[i].bytes, lines: sinks[i].lines };
  });
  files[SYNTHETIC_FILES.products] = {
    sha256: createHash('sha256').update(productsJson).digest('hex'),
    bytes: productsJson.length,
    lines: products.length,
  };
  await writeFile(join(dir, `${SYNTHETIC_FILES.products}.tmp`), productsJson);
  for (const n of [...names, SYNTHETIC_FILES.products]) await rename(join(dir, `${n}.tmp`), join(dir, n));

  const manifest: Manifest = ManifestSchema.parse({
    schemaVersion: SYNTHETIC_SCHEMA_VERSION,
    generator: 'meridian-synthetic',
    seed,
    count,
    files,
    stats: {
      meanProductsHeld: count ? Number((held / count).toFixed(4)) : 0,
      adders,
      meanAddedPerAdder: adders ? Number((added / adders).toFixed(4)) : 0,
    },
  });
  const manifestPath = join(dir, SYNTHETIC_FILES.manifest);
  await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${manifestPath}.tmp`, manifestPath);
  return manifest;
}
