import { createHash } from 'node:crypto';

/**
 * Dataset-independent feature description for the two-tower model. A dataset adapter (Santander,
 * synthetic) maps its records to `RawCustomer` / `RawProduct`; the `Preprocessor` turns them into
 * one flat Float32 row per customer (standardized numerics | categorical indices | multi-hot blocks)
 * — the same layout for training, serving and SHAP (which swaps column blocks per feature group).
 */
interface NumericFeature {
  name: string;
  group: string;
  /** log1p before standardizing (money amounts). */
  transform?: 'log1p';
}
interface CategoricalFeature {
  name: string;
  group: string;
}
interface MultiHotFeature {
  name: string;
  group: string;
  /** Fixed vocabulary (product ids, goals): part of the schema, not fitted. */
  vocab: readonly string[];
}
interface FeatureGroup {
  id: string;
  label: string;
}

interface CustomerFeatureSpec {
  numeric: readonly NumericFeature[];
  categorical: readonly CategoricalFeature[];
  multiHot: readonly MultiHotFeature[];
  groups: readonly FeatureGroup[];
}

interface ProductFeatureSpec {
  numeric: readonly string[];
  categorical: readonly string[];
}

export interface FeatureSpec {
  dataset: string;
  customer: CustomerFeatureSpec;
  product: ProductFeatureSpec;
  productIds: readonly string[];
}

export interface RawCustomer {
  id: string;
  numeric: Record<string, number | null | undefined>;
  categorical: Record<string, string | null | undefined>;
  multiHot: Record<string, readonly string[]>;
}

export interface RawProduct {
  id: string;
  numeric: Record<string, number | null | undefined>;
  categorical: Record<string, string>;
}

/** Hash of everything that fixes the model's input layout. Artifacts carry it; loaders compare. */
export function featureSchemaHash(spec: FeatureSpec): string {
  const canonical = JSON.stringify({
    dataset: spec.dataset,
    customer: {
      numeric: spec.customer.numeric.map((f) => [f.name, f.group, f.transform ?? '']),
      categorical: spec.customer.categorical.map((f) => [f.name, f.group]),
      multiHot: spec.customer.multiHot.map((f) => [f.name, f.group, [...f.vocab]]),
      groups: spec.customer.groups.map((g) => g.id),
    },
    product: spec.product,
    productIds: [...spec.productIds],
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export interface PreprocessorState {
  schemaHash: string;
  /** Per numeric feature (after transform): mean and std over the TRAIN split. */
  numericStats: { name: string; mean: number; std: number }[];
  /** Per categorical: vocabulary seen in TRAIN; index 0 is reserved for unknown/missing. */
  vocabs: { name: string; values: string[] }[];
  /** Product numeric stats over the catalog, and product categorical vocabularies. */
  productNumericStats: { name: string; mean: number; std: number }[];
  productVocabs: { name: string; values: string[] }[];
  /** How many customers the statistics were fitted on (provenance). */
  fittedOn: number;
}

/** Column layout of the flat customer row. */
export interface Layout {
  numeric: [number, number];
  categorical: [number, number];
  multiHot: { name: string; start: number; end: number }[];
  width: number;
  /** Column indices per feature group (SHAP swaps these together). */
  groupColumns: Map<string, number[]>;
}

const applyTransform = (f: NumericFeature, v: number) => (f.transform === 'log1p' ? Math.log1p(Math.max(0, v)) : v);

function meanStd(values: number[]): { mean: number; std: number } {
  if (!values.length) return { mean: 0, std: 1 };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  const std = Math.sqrt(variance);
  return { mean, std: std > 1e-9 ? std : 1 };
}

export class Preprocessor {
  readonly layout: Layout;
  private readonly vocabIndex: Map<string, number>[];
  private readonly productVocabIndex: Map<string, number>[];
  private readonly multiHotIndex: Map<string, number>[];

  constructor(
    readonly spec: FeatureSpec,
    readonly state: PreprocessorState,
  ) {
    const c = spec.customer;
    const nNum = c.numeric.length;
    const nCat = c.categorical.length;
    let at = nNum + nCat;
    const multiHot = c.multiHot.map((f) => {
      const start = at;
      at += f.vocab.length;
      return { name: f.name, start, end: at };
    });
    const groupColumns = new Map<string, number[]>(c.groups.map((g) => [g.id, []]));
    const add = (group: string, cols: number[]) => {
      const list = groupColumns.get(group);
      if (!list) throw new Error(`feature group ${group} is not declared in the spec`);
      list.push(...cols);
    };
    c.numeric.forEach((f, i) => add(f.group, [i]));
    c.categorical.forEach((f, i) => add(f.group, [nNum + i]));
    c.multiHot.forEach((f, i) => add(f.group, range(multiHot[i].start, multiHot[i].end)));
    this.layout = { numeric: [0, nNum], categorical: [nNum, nNum + nCat], multiHot, width: at, groupColumns };
    this.vocabIndex = state.vocabs.map((v) => new Map(v.values.map((x, i) => [x, i + 1])));
    this.productVocabIndex = state.productVocabs.map((v) => new Map(v.values.map((x, i) => [x, i + 1])));
    this.multiHotIndex = c.multiHot.map((f) => new Map(f.vocab.map((x, i) => [x, i])));
  }

  /** Fit on TRAIN customers only (callers pass the train split; tests check it). */
  static fit(spec: FeatureSpec, train: readonly RawCustomer[], products: readonly RawProduct[]): Preprocessor {
    const numericStats = spec.customer.numeric.map((f) => {
      const values: number[] = [];
      for (const c of train) {
        const v = c.numeric[f.name];
        if (v !== null && v !== undefined && Number.isFinite(v)) values.push(applyTransform(f, v));
      }
      return { name: f.name, ...meanStd(values) };
    });
    const vocabs = spec.customer.categorical.map((f) => {
      const seen = new Set<string>();
      for (const c of train) {
        const v = c.categorical[f.name];
        if (v !== null && v !== undefined) seen.add(v);
      }
      return { name: f.name, values: [...seen].sort() };
    });
    const productNumericStats = spec.product.numeric.map((name) => {
      const values = products
        .map((p) => p.numeric[name])
        .filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
      return { name, ...meanStd(values) };
    });
    const productVocabs = spec.product.categorical.map((name) => ({
      name,
      values: [...new Set(products.map((p) => p.categorical[name]))].sort(),
    }));
    return new Preprocessor(spec, {
      schemaHash: featureSchemaHash(spec),
      numericStats,
      vocabs,
      productNumericStats,
      productVocabs,
      fittedOn: train.length,
    });
  }

  get numNumeric() {
    return this.spec.customer.numeric.length;
  }
  get vocabSizes(): number[] {
    return this.state.vocabs.map((v) => v.values.length + 1);
  }
  get productVocabSizes(): number[] {
    return this.state.productVocabs.map((v) => v.values.length + 1);
  }

  /** Write one customer's flat row into `out` at `offset`. Missing numerics become the train mean (0 after standardizing). */
  transformInto(c: RawCustomer, out: Float32Array, offset: number): void {
    const spec = this.spec.customer;
    spec.numeric.forEach((f, i) => {
      const v = c.numeric[f.name];
      const s = this.state.numericStats[i];
      out[offset + i] =
        v === null || v === undefined || !Number.isFinite(v) ? 0 : (applyTransform(f, v) - s.mean) / s.std;
    });
    const nNum = spec.numeric.length;
    spec.categorical.forEach((f, i) => {
      const v = c.categorical[f.name];
      out[offset + nNum + i] = v === null || v === undefined ? 0 : (this.vocabIndex[i].get(v) ?? 0);
    });
    spec.multiHot.forEach((f, i) => {
      const { start, end } = this.layout.multiHot[i];
      out.fill(0, offset + start, offset + end);
      for (const v of c.multiHot[f.name] ?? []) {
        const j = this.multiHotIndex[i].get(v);
        if (j !== undefined) out[offset + start + j] = 1;
      }
    });
  }

  transform(customers: readonly RawCustomer[]): Float32Array {
    const w = this.layout.width;
    const out = new Float32Array(customers.length * w);
    customers.forEach((c, i) => this.transformInto(c, out, i * w));
    return out;
  }

  /** Product rows: [standardized numerics | categorical indices], in `spec.productIds` order. */
  transformProducts(products: readonly RawProduct[]): {
    numeric: Float32Array;
    categorical: Int32Array[];
    ids: Int32Array;
  } {
    const byId = new Map(products.map((p) => [p.id, p]));
    const ids = this.spec.productIds;
    const nNum = this.spec.product.numeric.length;
    const numeric = new Float32Array(ids.length * Math.max(1, nNum));
    const categorical = this.spec.product.categorical.map(() => new Int32Array(ids.length));
    ids.forEach((id, r) => {
      const p = byId.get(id);
      if (!p) throw new Error(`product ${id} of the feature schema is missing from the product list`);
      this.spec.product.numeric.forEach((name, j) => {
        const v = p.numeric[name];
        const s = this.state.productNumericStats[j];
        numeric[r * Math.max(1, nNum) + j] =
          v === null || v === undefined || !Number.isFinite(v) ? 0 : (v - s.mean) / s.std;
      });
      this.spec.product.categorical.forEach((name, j) => {
        categorical[j][r] = this.productVocabIndex[j].get(p.categorical[name]) ?? 0;
      });
    });
    return { numeric, categorical, ids: Int32Array.from(ids.map((_, i) => i)) };
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
