import { z } from 'zod';
import { readCsv, validateRow, type ImportResult, type RowError } from './rows.ts';

/**
 * Importer for the Kaggle Santander Product Recommendation derived June-2015 files
 * (../shared/data/SOURCES.md section 1):
 *  - 1b `june2015_customers_owned_may_added_june.csv.gz`: one row per customer who added a product in
 *    June 2015: 19 customer features, products owned in May (`owned_may2015__*`), products added in
 *    June (`added_jun2015__*`).
 *  - 1a `june2015_added_products_with_lags.csv.gz` (optional): one row per (customer, added product)
 *    with ownership at lags 1–5 months; we keep each customer's first row's lag flags
 *    (identical on every row of a customer) as lag features.
 *
 * Categoricals arrive as pandas category codes (lexicographic, missing/UNKNOWN last); the
 * documented codes are decoded into `decoded` for people, the codes themselves stay the model's
 * categorical values (a code is as good as a label for an embedding).
 */

/** The 24 Santander products, in the files' column order, with the Kaggle data dictionary's meaning. */
export const SANTANDER_PRODUCTS = [
  { id: 'ind_ahor_fin_ult1', label: 'Saving account', kind: 'account' },
  { id: 'ind_aval_fin_ult1', label: 'Guarantees', kind: 'loan' },
  { id: 'ind_cco_fin_ult1', label: 'Current account', kind: 'account' },
  { id: 'ind_cder_fin_ult1', label: 'Derivada account', kind: 'investment' },
  { id: 'ind_cno_fin_ult1', label: 'Payroll account', kind: 'account' },
  { id: 'ind_ctju_fin_ult1', label: 'Junior account', kind: 'account' },
  { id: 'ind_ctma_fin_ult1', label: 'Más particular account', kind: 'account' },
  { id: 'ind_ctop_fin_ult1', label: 'Particular account', kind: 'account' },
  { id: 'ind_ctpp_fin_ult1', label: 'Particular plus account', kind: 'account' },
  { id: 'ind_deco_fin_ult1', label: 'Short-term deposits', kind: 'deposit' },
  { id: 'ind_deme_fin_ult1', label: 'Medium-term deposits', kind: 'deposit' },
  { id: 'ind_dela_fin_ult1', label: 'Long-term deposits', kind: 'deposit' },
  { id: 'ind_ecue_fin_ult1', label: 'e-account', kind: 'account' },
  { id: 'ind_fond_fin_ult1', label: 'Funds', kind: 'investment' },
  { id: 'ind_hip_fin_ult1', label: 'Mortgage', kind: 'loan' },
  { id: 'ind_plan_fin_ult1', label: 'Pensions (plan)', kind: 'investment' },
  { id: 'ind_pres_fin_ult1', label: 'Loans', kind: 'loan' },
  { id: 'ind_reca_fin_ult1', label: 'Taxes', kind: 'payment' },
  { id: 'ind_tjcr_fin_ult1', label: 'Credit card', kind: 'card' },
  { id: 'ind_valo_fin_ult1', label: 'Securities', kind: 'investment' },
  { id: 'ind_viv_fin_ult1', label: 'Home account', kind: 'account' },
  { id: 'ind_nomina_ult1', label: 'Payroll', kind: 'payment' },
  { id: 'ind_nom_pens_ult1', label: 'Pensions (payroll)', kind: 'payment' },
  { id: 'ind_recibo_ult1', label: 'Direct debit', kind: 'payment' },
] as const;
type SantanderProductId = (typeof SANTANDER_PRODUCTS)[number]['id'];
export const SANTANDER_PRODUCT_IDS: readonly string[] = SANTANDER_PRODUCTS.map((p) => p.id);

export const SANTANDER_CUSTOMERS_FILE =
  'santander-product-recommendation/june2015_customers_owned_may_added_june.csv.gz';
export const SANTANDER_LAGS_FILE = 'santander-product-recommendation/june2015_added_products_with_lags.csv.gz';

/** Categorical code columns (pandas codes), kept as codes. */
const SANTANDER_CATEGORICALS = [
  'ind_empleado',
  'pais_residencia',
  'sexo',
  'indrel',
  'ult_fec_cli_1t',
  'indrel_1mes',
  'tiprel_1mes',
  'indresi',
  'indext',
  'conyuemp',
  'canal_entrada',
  'indfall',
  'cod_prov',
  'segmento',
] as const;
export type SantanderCategorical = (typeof SANTANDER_CATEGORICALS)[number];

const code = z.coerce.number().int().min(-999).max(10_000);
const flag = z.enum(['0', '1'], { message: 'expected 0 or 1' }).transform((v) => (v === '1' ? 1 : 0));
const blankToNull = (s: z.ZodTypeAny) => z.preprocess((v) => (v === '' || v === undefined ? null : v), s.nullable());

const productColumns = (prefix: string) =>
  Object.fromEntries(SANTANDER_PRODUCT_IDS.map((p) => [`${prefix}${p}`, flag])) as Record<string, typeof flag>;

/** One raw row of file 1b, as strings from the CSV, validated and coerced. */
const SantanderRowSchema = z.object({
  ncodpers: z.coerce.number().int().positive(),
  ...(Object.fromEntries(SANTANDER_CATEGORICALS.map((c) => [c, code])) as Record<SantanderCategorical, typeof code>),
  age: z.coerce.number().int().min(0).max(130),
  ind_nuevo: z.coerce.number().int().min(0).max(1),
  antiguedad: z.coerce.number().int().min(-999999).max(1000),
  ind_actividad_cliente: blankToNull(z.coerce.number().int().min(0).max(1)),
  renta: z.coerce.number().positive(),
  ...productColumns('owned_may2015__'),
  ...productColumns('added_jun2015__'),
});
type SantanderRow = z.output<typeof SantanderRowSchema>;

/** Documented decodings (SOURCES.md 1a "Encodings"); codes not documented decode to `code <n>`. */
const DECODINGS: Partial<Record<SantanderCategorical, Record<number, string | null>>> = {
  segmento: { 0: '01 - TOP', 1: '02 - PARTICULARES', 2: '03 - UNIVERSITARIO', 3: null },
  sexo: { 0: 'H', 1: null, 2: 'V' },
  ind_empleado: { 3: 'N' },
  indresi: { 0: 'N', 1: 'S', 2: null },
  indext: { 0: 'N', 1: 'S', 2: null },
  tiprel_1mes: { 0: 'A', 1: 'I' },
  pais_residencia: { 36: 'ES' },
};

export function decodeSantander(column: SantanderCategorical, value: number): string | null {
  const table = DECODINGS[column];
  if (table && value in table) return table[value];
  return `code ${value}`;
}

export interface SantanderCustomer {
  ncodpers: number;
  /** The 5-fold split of SOURCES.md 6.1: `ncodpers % 5`. */
  fold: number;
  age: number;
  /** Months with the bank. */
  antiguedad: number;
  /** Gross household income (province median where it was missing). */
  renta: number;
  ind_nuevo: number;
  /** Null where the file has a blank. */
  ind_actividad_cliente: number | null;
  /** Raw pandas category codes. */
  codes: Record<SantanderCategorical, number>;
  /** Human-readable decodings of the documented columns (null = missing in the source). */
  decoded: {
    segmento: string | null;
    sexo: string | null;
    ind_empleado: string | null;
    indresi: string | null;
    indext: string | null;
    tiprel_1mes: string | null;
    pais_residencia: string | null;
  };
  /** 0/1 per product in SANTANDER_PRODUCT_IDS order: owned on 2015-05-28. */
  ownedMay: number[];
  /** 0/1 per product: newly added on 2015-06-28 (the label). */
  addedJune: number[];
  /** Ownership at lags 1..5 (index 0 = lag 1 = May); each 0/1 per product, or null where the month has no record (-2). */
  lags?: (number[] | null)[];
  /** File 1a's lag demographics at lags 1..5 (raw codes as in the file; null where blank). */
  lagDemographics?: LagDemographics[];
}

const SANTANDER_LAG_DEMOGRAPHICS = ['age', 'segmento', 'indrel', 'indrel_1mes', 'tiprel_1mes'] as const;
type LagDemographics = Record<(typeof SANTANDER_LAG_DEMOGRAPHICS)[number], number | null>;

function toSantanderCustomer(row: SantanderRow): SantanderCustomer {
  const codes = Object.fromEntries(SANTANDER_CATEGORICALS.map((c) => [c, row[c] as number])) as Record<
    SantanderCategorical,
    number
  >;
  const dec = (c: SantanderCategorical) => decodeSantander(c, codes[c]);
  const r = row as unknown as Record<string, number>;
  return {
    ncodpers: row.ncodpers,
    fold: row.ncodpers % 5,
    age: row.age,
    antiguedad: row.antiguedad,
    renta: row.renta,
    ind_nuevo: row.ind_nuevo,
    ind_actividad_cliente: row.ind_actividad_cliente as number | null,
    codes,
    decoded: {
      segmento: dec('segmento'),
      sexo: dec('sexo'),
      ind_empleado: dec('ind_empleado'),
      indresi: dec('indresi'),
      indext: dec('indext'),
      tiprel_1mes: dec('tiprel_1mes'),
      pais_residencia: dec('pais_residencia'),
    },
    ownedMay: SANTANDER_PRODUCT_IDS.map((p) => r[`owned_may2015__${p}`]),
    addedJune: SANTANDER_PRODUCT_IDS.map((p) => r[`added_jun2015__${p}`]),
  };
}

export interface SantanderImportOptions {
  /** Stop after this many rows (tests). */
  limit?: number;
}

/** Import file 1b. Every rejected row is reported as `file:line: field: reason`; nothing is dropped silently. */
export async function importSantanderCustomers(
  file: string,
  options: SantanderImportOptions = {},
): Promise<ImportResult<SantanderCustomer>> {
  const rows: SantanderCustomer[] = [];
  const errors: RowError[] = [];
  let rejectedRows = 0;
  const seen = new Set<number>();
  for await (const rec of readCsv(file)) {
    const v = validateRow(SantanderRowSchema, rec.values, file, rec.line);
    if (!v.ok) {
      errors.push(...v.errors);
      rejectedRows++;
    } else if (seen.has(v.value.ncodpers)) {
      errors.push({ file, line: rec.line, field: 'ncodpers', reason: `duplicate customer ${v.value.ncodpers}` });
      rejectedRows++;
    } else {
      seen.add(v.value.ncodpers);
      const c = toSantanderCustomer(v.value);
      if (c.addedJune.every((x) => x === 0)) {
        errors.push({
          file,
          line: rec.line,
          field: 'added_jun2015__*',
          reason: 'customer added no product (file 1b holds adders only)',
        });
        rejectedRows++;
        continue;
      }
      rows.push(c);
    }
    if (options.limit && rows.length + rejectedRows >= options.limit) break;
  }
  return { rows, errors, rejectedRows };
}

const lagFlag = z.coerce
  .number()
  .int()
  .refine((v) => v === 0 || v === 1 || v === -2, 'expected 0, 1 or -2 (no record)');

/**
 * Import the lag flags of file 1a: customer → ownership at lags 1..5. The file has one row per
 * (customer, added product); lag columns are identical across a customer's rows, so the first is kept.
 */
const lagCode = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `expected a number or blank, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

async function importSantanderLags(
  file: string,
  options: { only?: ReadonlySet<number> } = {},
): Promise<{
  lags: Map<number, (number[] | null)[]>;
  demographics: Map<number, LagDemographics[]>;
  errors: RowError[];
}> {
  const lags = new Map<number, (number[] | null)[]>();
  const demographics = new Map<number, LagDemographics[]>();
  const errors: RowError[] = [];
  for await (const rec of readCsv(file)) {
    const id = Number(rec.values.ncodpers);
    if (!Number.isInteger(id) || id <= 0) {
      errors.push({
        file,
        line: rec.line,
        field: 'ncodpers',
        reason: `not a customer id: ${JSON.stringify(rec.values.ncodpers)}`,
      });
      continue;
    }
    if (lags.has(id) || (options.only && !options.only.has(id))) continue;
    const perLag: (number[] | null)[] = [];
    let bad = false;
    for (let L = 1; L <= 5 && !bad; L++) {
      const flags: number[] = [];
      for (const p of SANTANDER_PRODUCT_IDS) {
        const field = `${p}_lag${L}`;
        const parsed = lagFlag.safeParse(rec.values[field]);
        if (!parsed.success) {
          errors.push({ file, line: rec.line, field, reason: parsed.error.issues[0]?.message ?? 'invalid' });
          bad = true;
          break;
        }
        flags.push(parsed.data);
      }
      perLag.push(flags.every((f) => f === -2) ? null : flags.map((f) => (f === 1 ? 1 : 0)));
    }
    const demo: LagDemographics[] = [];
    for (let L = 1; L <= 5 && !bad; L++) {
      const d = {} as LagDemographics;
      for (const name of SANTANDER_LAG_DEMOGRAPHICS) {
        const field = `${name}_lag${L}`;
        if (rec.values[field] === undefined) {
          d[name] = null;
          continue;
        }
        const parsed = lagCode.safeParse(rec.values[field]);
        if (!parsed.success) {
          errors.push({ file, line: rec.line, field, reason: parsed.error.issues[0]?.message ?? 'invalid' });
          bad = true;
          break;
        }
        d[name] = parsed.data;
      }
      demo.push(d);
    }
    if (!bad) {
      lags.set(id, perLag);
      demographics.set(id, demo);
    }
  }
  return { lags, demographics, errors };
}

/** Both files: customers of 1b with `lags` attached from 1a where the lag file is given. */
export async function importSantander(
  customersFile: string,
  lagsFile?: string,
  options: SantanderImportOptions = {},
): Promise<ImportResult<SantanderCustomer>> {
  const result = await importSantanderCustomers(customersFile, options);
  if (!lagsFile) return result;
  const { lags, demographics, errors } = await importSantanderLags(lagsFile, {
    only: new Set(result.rows.map((r) => r.ncodpers)),
  });
  for (const c of result.rows) {
    const l = lags.get(c.ncodpers);
    if (l) c.lags = l;
    const d = demographics.get(c.ncodpers);
    if (d) c.lagDemographics = d;
  }
  return {
    rows: result.rows,
    errors: [...result.errors, ...errors],
    rejectedRows: result.rejectedRows + new Set(errors.map((e) => e.line)).size,
  };
}
