import type { Metadata } from '../../lib/vector-store/types.ts';
import { HOLDS_PREFIX } from '../../domain/customer-metadata.ts';
import type { Constraint } from '../../domain/api/search.ts';

/**
 * The in-code filter of the lexical stage: the same constraints as the Chroma `where`, evaluated on
 * the filterable metadata. Production keeps that metadata as typed-array COLUMNS (one Float64Array
 * per numeric field, one Int32Array of dictionary codes per categorical field, one Uint8Array per
 * product held) — 100k customers cost ~5 MB and a check is a few array reads, not a Map lookup and
 * a Set per record. `slim`/`slimMatches` (one small object per record) are the readable
 * definition, used by the MiniSearch reference and by the tests that pin both to the same semantics.
 */
export interface LexicalHit {
  id: string;
  score: number;
  /** Query terms that matched this document. */
  terms: string[];
}

/** Every customer field a parsed constraint can name (the filter parser's numeric and categorical fields). */
const FILTER_FIELDS = [
  'creditScore',
  'income',
  'age',
  'savingsBalance',
  'creditUtilization',
  'digitalEngagement',
  'loanAmount',
  'tenureYears',
  'productCount',
  'segment',
  'riskTolerance',
  'lifeStage',
  /** Not a query word: the RM's book a search is limited to. */
  'rmId',
] as const;

/** Filterable fields + the products held (as a set). */
export interface SlimRecord {
  values: Record<string, string | number>;
  held: Set<string>;
}

export function slim(meta: Metadata): SlimRecord {
  const values: Record<string, string | number> = {};
  for (const f of FILTER_FIELDS) {
    const v = meta[f];
    if (typeof v === 'string' || typeof v === 'number') values[f] = v;
  }
  const held = new Set<string>();
  for (const [k, v] of Object.entries(meta))
    if (k.startsWith(HOLDS_PREFIX) && v === true) held.add(k.slice(HOLDS_PREFIX.length));
  return { values, held };
}

/** Same semantics as matchesConstraint on full metadata (ingestion writes every holds_ key). */
export function slimMatches(r: SlimRecord, constraints: Constraint[]): boolean {
  for (const c of constraints) {
    let ok: boolean;
    if (c.op === 'holds_any') ok = (c.value as string[]).some((id) => r.held.has(id));
    else if (c.op === 'holds_none') ok = (c.value as string[]).every((id) => !r.held.has(id));
    else if (c.op === 'eq') ok = r.values[c.field] === c.value;
    else if (c.op === 'in') ok = (c.value as string[]).includes(r.values[c.field] as string);
    else {
      const v = r.values[c.field];
      const x = c.value as number;
      ok = typeof v === 'number' && (c.op === 'gt' ? v > x : c.op === 'gte' ? v >= x : c.op === 'lt' ? v < x : v <= x);
    }
    if (!ok) return false;
  }
  return true;
}

type DocPredicate = (doc: number) => boolean;

/** Filterable metadata of every indexed document, by document number, as typed arrays. */
export class MetadataColumns {
  private capacity = 0;
  private readonly num = new Map<string, Float64Array>();
  private readonly code = new Map<string, Int32Array>();
  /** Categorical value → code, per field. */
  private readonly dict = new Map<string, Map<string, number>>();
  private readonly held = new Map<string, Uint8Array>();

  constructor() {
    for (const f of FILTER_FIELDS) this.dict.set(f, new Map());
    this.grow(1024);
  }

  private grow(min: number): void {
    if (min <= this.capacity) return;
    const cap = Math.max(min, this.capacity * 2);
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(
      old: T | undefined,
      make: (n: number) => T,
      fill?: number,
    ): T => {
      const a = make(cap);
      if (fill !== undefined) a.fill(fill);
      if (old) (a as ArrayLike<number> & { set(source: ArrayLike<number>): void }).set(old);
      return a;
    };
    for (const f of FILTER_FIELDS) {
      this.num.set(
        f,
        widen(this.num.get(f), (n) => new Float64Array(n), NaN),
      );
      this.code.set(
        f,
        widen(this.code.get(f), (n) => new Int32Array(n), -1),
      );
    }
    for (const [p, col] of this.held)
      this.held.set(
        p,
        widen(col, (n) => new Uint8Array(n)),
      );
    this.capacity = cap;
  }

  /** Write (or overwrite) document `doc`'s row. */
  set(doc: number, meta: Metadata): void {
    this.grow(doc + 1);
    for (const f of FILTER_FIELDS) {
      const v = meta[f];
      this.num.get(f)![doc] = typeof v === 'number' ? v : NaN;
      let c = -1;
      if (typeof v === 'string') {
        const d = this.dict.get(f)!;
        c = d.get(v) ?? d.size;
        if (c === d.size) d.set(v, c);
      }
      this.code.get(f)![doc] = c;
    }
    for (const col of this.held.values()) col[doc] = 0;
    for (const [k, v] of Object.entries(meta)) {
      if (!k.startsWith(HOLDS_PREFIX) || v !== true) continue;
      const p = k.slice(HOLDS_PREFIX.length);
      let col = this.held.get(p);
      if (!col) this.held.set(p, (col = new Uint8Array(this.capacity)));
      col[doc] = 1;
    }
  }

  /** Constraints → one predicate over document numbers (all ANDed), semantics of slimMatches. */
  compile(constraints: Constraint[]): DocPredicate | undefined {
    if (!constraints.length) return undefined;
    const checks = constraints.map((c) => this.compileOne(c));
    if (checks.length === 1) return checks[0];
    return (doc) => {
      for (const check of checks) if (!check(doc)) return false;
      return true;
    };
  }

  private compileOne(c: Constraint): DocPredicate {
    const never: DocPredicate = () => false;
    if (c.op === 'holds_any' || c.op === 'holds_none') {
      const cols = (c.value as string[]).map((p) => this.held.get(p)).filter((x): x is Uint8Array => x !== undefined);
      if (c.op === 'holds_any') return cols.length ? (doc) => cols.some((col) => col[doc] === 1) : never;
      return (doc) => cols.every((col) => col[doc] === 0);
    }
    const num = this.num.get(c.field);
    const code = this.code.get(c.field);
    const dict = this.dict.get(c.field);
    if (!num || !code || !dict) return never; // not a filterable field: slim() has no value for it
    if (c.op === 'eq' || c.op === 'in') {
      const wanted = c.op === 'eq' ? [c.value as string | number] : (c.value as (string | number)[]);
      const codes = new Set<number>();
      const nums = new Set<number>();
      for (const w of wanted) {
        if (typeof w === 'number' && !Number.isNaN(w)) nums.add(w);
        else if (typeof w === 'string' && dict.has(w)) codes.add(dict.get(w)!);
      }
      return (doc) => codes.has(code[doc]) || (nums.size > 0 && nums.has(num[doc]));
    }
    const x = c.value as number;
    // NaN (no numeric value) fails every comparison, like slimMatches' typeof check.
    if (c.op === 'gt') return (doc) => num[doc] > x;
    if (c.op === 'gte') return (doc) => num[doc] >= x;
    if (c.op === 'lt') return (doc) => num[doc] < x;
    return (doc) => num[doc] <= x;
  }
}
