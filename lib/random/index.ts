/**
 * Small seeded randomness shared by training, the offline embedder build and SHAP sampling.
 * (The synthetic data generators use their own per-customer sfc32 streams: ingest/synthetic/prng.ts.)
 */
/** mulberry32: small seeded PRNG for shuffling, negative sampling and seeding TF.js initializers. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Run `fn` with Math.random replaced by a seeded generator. TF.js initializers and dropout draw
 * their seeds from Math.random when none is given; seeding it makes a training run reproducible
 * (same seed → same weights) without passing a fixed seed to dropout, which would reuse one mask
 * for every batch.
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(seed ^ 0x5eed);
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
