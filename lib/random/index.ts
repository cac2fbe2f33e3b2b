/**
 * The one seeded PRNG of the project (sfc32) and the distributions its users need: synthetic data
 * (a stream per customer index), transactions (a stream per customer id), training shuffles and
 * negative sampling, SHAP background sampling, the offline embedder build. Never Math.random where
 * a result must be reproducible.
 */

/** 32-bit integer mix (splitmix32-style finaliser) used to derive independent stream seeds. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** A stream from a numeric seed and stream number (independent streams for one seed). */
  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(stream ^ 0x85ebca6b ^ this.a);
    this.c = mix32(this.b ^ 0xc2b2ae35);
    this.d = 1;
    this.warmUp();
  }

  /** The stream of `key` under `seed`: depends on the key's text only, not on any order or index. */
  static forKey(seed: number, key: string): Rng {
    const rng = new Rng(0);
    [rng.a, rng.b, rng.c, rng.d] = cyrb128(`${seed}:${key}`);
    rng.spareNormal = undefined;
    rng.warmUp();
    return rng;
  }

  /** Item `index`'s own stream under `seed`: independent of every other index. */
  static forIndex(seed: number, index: number): Rng {
    return new Rng(mix32(seed) ^ mix32(index + 0x632be5ab), index);
  }

  /** A `() => number` in [0, 1) (shuffles, sampling, numeric code that takes a uniform source). */
  static uniform(seed: number): () => number {
    const rng = new Rng(seed);
    return () => rng.next();
  }

  private warmUp(): void {
    for (let i = 0; i < 12; i++) this.nextUint32(); // decorrelate nearby seeds
  }

  /** sfc32 step. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Standard Gumbel: adding it to log-weights and taking the top k samples without replacement. */
  gumbel(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return -Math.log(-Math.log(u));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with probability proportional to weights (non-negative). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/** cyrb128: a fast 128-bit string hash, used only to seed the generator. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Run `fn` with Math.random replaced by a seeded generator. TF.js initializers and dropout draw
 * their seeds from Math.random when none is given; seeding it makes a training run reproducible
 * (same seed → same weights) without passing a fixed seed to dropout, which would reuse one mask
 * for every batch.
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = Rng.uniform(seed ^ 0x5eed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

export function shuffleInPlace<T>(a: T[] | Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
