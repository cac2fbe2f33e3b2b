import xgboostWasm from 'ml-xgboost/dist/wasm/xgboost.js';
import type { RawCustomer } from '../../ml/recommender/train/features.ts';
import type { FeatureSpec } from '../../ml/recommender/train/features.ts';

/**
 * Gradient-boosted peer: XGBoost (the `ml-xgboost` WebAssembly build of the C++ library), one
 * training row per (customer, added product), `multi:softprob` over all products, the class
 * probabilities ranked with held products removed — the Kaggle-winning shape for Santander.
 *
 * The package's JS wrapper copies the whole matrix through the emscripten stack (5 MiB), which
 * overflows on a real training set, so the matrix goes through `_malloc` into the same exported
 * C entry points (`create_model`, `set_param`, `train_full_model`, `predict_one`) instead.
 * `create_model` declares -1 as XGBoost's "missing" value: absent flags are written as -1, which is
 * how sparse input reaches XGBoost anyway (only present entries are stored, and each split learns a
 * default direction for the rest) and keeps the exact/hist updaters proportional to the 1s.
 */

/** Which raw fields become columns. `ownedBlocks[0]` is the latest month; counts compare it with the rest. */
export interface GbdtFeatureSpec {
  numeric: readonly string[];
  categorical: readonly string[];
  /** Multi-hot blocks written as 0/1 flags (absent → missing). */
  flags: readonly string[];
  /** Ownership blocks, latest first: n owned at each, and n newly held in the latest since each earlier one. */
  ownedBlocks: readonly string[];
}

/** The 19 customer fields, the 24 product flags at lags 1–5, and counts owned / newly held since each lag. */
export const SANTANDER_GBDT_FEATURES: GbdtFeatureSpec = {
  numeric: ['age', 'antiguedad', 'ind_nuevo', 'renta', 'ind_actividad_cliente'],
  categorical: [
    'segmento',
    'ind_empleado',
    'sexo',
    'pais_residencia',
    'indresi',
    'indext',
    'conyuemp',
    'indfall',
    'canal_entrada',
    'cod_prov',
    'indrel',
    'indrel_1mes',
    'tiprel_1mes',
    'ult_fec_cli_1t',
  ],
  flags: ['owned_may', 'owned_lag2', 'owned_lag3', 'owned_lag4', 'owned_lag5'],
  ownedBlocks: ['owned_may', 'owned_lag2', 'owned_lag3', 'owned_lag4', 'owned_lag5'],
};

/** Any other dataset: every field of its two-tower spec, the first multi-hot block as the ownership block. */
export function gbdtFeaturesFromSpec(spec: FeatureSpec): GbdtFeatureSpec {
  return {
    numeric: spec.customer.numeric.map((f) => f.name),
    categorical: spec.customer.categorical.map((f) => f.name),
    flags: spec.customer.multiHot.map((f) => f.name),
    ownedBlocks: [],
  };
}

const MISSING = -1;

/** Column encoder: categorical codes are fitted on the training customers (0 = unseen). */
export class GbdtEncoder {
  readonly width: number;
  private readonly codes: Map<string, number>[];
  private readonly vocab: Map<string, Map<string, number>>;

  constructor(
    readonly spec: FeatureSpec,
    readonly features: GbdtFeatureSpec,
    train: readonly RawCustomer[],
  ) {
    this.codes = features.categorical.map((name) => {
      const values = [...new Set(train.map((c) => c.categorical[name]).filter((v): v is string => v != null))].sort();
      return new Map(values.map((v, i) => [v, i + 1]));
    });
    this.vocab = new Map(spec.customer.multiHot.map((f) => [f.name, new Map(f.vocab.map((v, i) => [v, i]))] as const));
    for (const name of [...features.flags, ...features.ownedBlocks])
      if (!this.vocab.has(name))
        throw new Error(`GBDT feature ${name} is not a multi-hot block of the ${spec.dataset} spec`);
    const flagWidth = features.flags.reduce((s, n) => s + this.vocab.get(n)!.size, 0);
    const nb = features.ownedBlocks.length;
    this.width = features.numeric.length + features.categorical.length + flagWidth + nb + Math.max(0, nb - 1);
  }

  encode(customers: readonly RawCustomer[]): Float32Array {
    const W = this.width;
    const out = new Float32Array(customers.length * W).fill(MISSING);
    customers.forEach((c, r) => {
      let at = r * W;
      for (const name of this.features.numeric) {
        const v = c.numeric[name];
        out[at++] = v === null || v === undefined || !Number.isFinite(v) ? MISSING : v;
      }
      this.features.categorical.forEach((name, i) => {
        const v = c.categorical[name];
        out[at++] = v == null ? 0 : (this.codes[i].get(v) ?? 0);
      });
      for (const name of this.features.flags) {
        const index = this.vocab.get(name)!;
        for (const id of c.multiHot[name] ?? []) {
          const j = index.get(id);
          if (j !== undefined) out[at + j] = 1;
        }
        at += index.size;
      }
      const blocks = this.features.ownedBlocks.map((name) => new Set(c.multiHot[name] ?? []));
      for (const b of blocks) out[at++] = b.size;
      for (const b of blocks.slice(1)) out[at++] = [...blocks[0]].filter((id) => !b.has(id)).length;
    });
    return out;
  }
}

export interface GbdtOptions {
  rounds: number;
  maxDepth: number;
  eta: number;
  /** 'hist' (fast histogram updater) or 'exact'. */
  treeMethod: 'hist' | 'exact';
  seed: number;
}

const DEFAULT_GBDT_OPTIONS: GbdtOptions = { rounds: 150, maxDepth: 6, eta: 0.1, treeMethod: 'hist', seed: 42 };

/** Train on rows X [n, W] with class labels; returns a scorer for customer rows → [n, classes] probabilities. */
export async function trainGbdt(
  X: Float32Array,
  labels: Float32Array,
  width: number,
  classes: number,
  options: Partial<GbdtOptions> = {},
): Promise<{ score: (rows: Float32Array, n: number) => Float32Array; free: () => void; seconds: number }> {
  const opt = { ...DEFAULT_GBDT_OPTIONS, ...options };
  const started = performance.now();
  const xgb = await xgboostWasm.isReady;
  const n = labels.length;
  if (X.length !== n * width) throw new Error(`trainGbdt: ${X.length} values for ${n} rows × ${width} columns`);
  const px = xgb._malloc(X.byteLength);
  xgb.HEAPF32.set(X, px / 4);
  const py = xgb._malloc(labels.byteLength);
  xgb.HEAPF32.set(labels, py / 4);
  const model = xgb._create_model(px, py, n, width);
  xgb._free(px);
  xgb._free(py);
  const setParam = xgb.cwrap('set_param', null, ['number', 'string', 'string']);
  const params: Record<string, string> = {
    booster: 'gbtree',
    objective: 'multi:softprob',
    num_class: String(classes),
    max_depth: String(opt.maxDepth),
    eta: String(opt.eta),
    tree_method: opt.treeMethod,
    seed: String(opt.seed),
    silent: '1',
  };
  for (const [k, v] of Object.entries(params)) setParam(model, k, v);
  xgb._train_full_model(model, opt.rounds);
  const seconds = (performance.now() - started) / 1000;
  const prow = xgb._malloc(width * 4);
  const pout = xgb._malloc(classes * 4);
  let freed = false;
  return {
    seconds,
    score: (rows, m) => {
      if (freed) throw new Error('GBDT model already freed');
      const out = new Float32Array(m * classes);
      for (let i = 0; i < m; i++) {
        xgb.HEAPF32.set(rows.subarray(i * width, (i + 1) * width), prow / 4);
        const size = xgb._predict_one(model, prow, width, pout);
        if (size !== classes) throw new Error(`GBDT predicted ${size} outputs, expected ${classes}`);
        out.set(xgb.HEAPF32.subarray(pout / 4, pout / 4 + classes), i * classes);
      }
      return out;
    },
    free: () => {
      if (freed) return;
      freed = true;
      xgb._free(prow);
      xgb._free(pout);
      xgb._free_memory_model(model);
    },
  };
}

/** One training row per (customer, adopted product); label = product index. */
export function expandByPositive(
  X: Float32Array,
  width: number,
  positives: readonly (readonly number[])[],
): { X: Float32Array; labels: Float32Array } {
  const total = positives.reduce((s, ps) => s + ps.length, 0);
  const out = new Float32Array(total * width);
  const labels = new Float32Array(total);
  let r = 0;
  positives.forEach((ps, c) => {
    for (const p of ps) {
      out.set(X.subarray(c * width, (c + 1) * width), r * width);
      labels[r++] = p;
    }
  });
  return { X: out, labels };
}
