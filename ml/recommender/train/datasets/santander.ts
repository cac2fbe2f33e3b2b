import {
  SANTANDER_PRODUCTS,
  SANTANDER_PRODUCT_IDS,
  type SantanderCustomer,
} from '../../../../data/importers/santander.ts';
import type { FeatureSpec, RawCustomer, RawProduct } from '../features.ts';

/**
 * Santander June-2015 adders as two-tower inputs. Customer side: demographics and relationship
 * codes (embedded), age / tenure / income (standardized), products owned in May and — from file 1a —
 * ownership at lags 2..5 plus "held in an earlier month but not in May" (payroll, pensions and direct
 * debits come and go monthly; that history is the strongest re-adoption signal). Product side: the
 * product id embedding and its kind (account, deposit, investment, loan, card, payment): Santander
 * publishes no other product attributes.
 */
const ids = SANTANDER_PRODUCT_IDS;
const SINCE = (id: string) => `months_since_${id}`;
/**
 * Lag-dynamics features (what the gradient-boosted peer's trees find by splitting on pairs of lag
 * flags, given to the towers directly): per product, added / dropped between consecutive months
 * (lag k+1 → lag k, k = 1..4) and kept from April to May; months since each product was last held
 * (0 = held in May, 5 = not in the five months); counts of additions, drops and all changes.
 */
const TRANSITIONS = [1, 2, 3, 4] as const;
/** Lag demographics of file 1a: the codes one and four months before May, and how often they changed. */
const LAG_DEMO_CATEGORICAL = [2, 5].flatMap((k) =>
  (['segmento', 'indrel_1mes', 'tiprel_1mes'] as const).map((name) => ({
    name: `${name}_lag${k}`,
    group: name === 'segmento' ? 'segment' : 'relationship',
  })),
);
const DYNAMICS_NUMERIC = [
  { name: 'n_demographic_changes', group: 'relationship' },
  ...ids.map((id) => ({ name: SINCE(id), group: 'history' })),
  { name: 'n_additions', group: 'history' },
  { name: 'n_drops', group: 'history' },
  { name: 'n_changes', group: 'history' },
];
const DYNAMICS_MULTIHOT = [
  ...TRANSITIONS.map((k) => ({ name: `added_lag${k}`, group: 'history', vocab: ids })),
  ...TRANSITIONS.map((k) => ({ name: `dropped_lag${k}`, group: 'history', vocab: ids })),
  { name: 'kept_lag1', group: 'history', vocab: ids },
];
const DYNAMICS = new Set([...DYNAMICS_NUMERIC, ...DYNAMICS_MULTIHOT, ...LAG_DEMO_CATEGORICAL].map((f) => f.name));

export const SANTANDER_SPEC: FeatureSpec = {
  dataset: 'santander',
  productIds: ids,
  product: { numeric: [], categorical: ['kind'] },
  customer: {
    numeric: [
      { name: 'age', group: 'age_life_stage' },
      { name: 'antiguedad', group: 'tenure' },
      { name: 'ind_nuevo', group: 'tenure' },
      { name: 'renta', group: 'income', transform: 'log1p' },
      { name: 'ind_actividad_cliente', group: 'engagement' },
      { name: 'n_owned_may', group: 'products_held' },
      { name: 'months_on_record', group: 'history' },
      { name: 'n_dropped', group: 'history' },
      ...DYNAMICS_NUMERIC,
    ],
    categorical: [
      { name: 'segmento', group: 'segment' },
      { name: 'ind_empleado', group: 'segment' },
      { name: 'sexo', group: 'demographics' },
      { name: 'pais_residencia', group: 'demographics' },
      { name: 'indresi', group: 'demographics' },
      { name: 'indext', group: 'demographics' },
      { name: 'conyuemp', group: 'demographics' },
      { name: 'indfall', group: 'demographics' },
      { name: 'canal_entrada', group: 'channel' },
      { name: 'cod_prov', group: 'region' },
      { name: 'indrel', group: 'relationship' },
      { name: 'indrel_1mes', group: 'relationship' },
      { name: 'tiprel_1mes', group: 'relationship' },
      { name: 'ult_fec_cli_1t', group: 'relationship' },
      ...LAG_DEMO_CATEGORICAL,
    ],
    multiHot: [
      { name: 'owned_may', group: 'products_held', vocab: ids },
      { name: 'owned_lag2', group: 'history', vocab: ids },
      { name: 'owned_lag3', group: 'history', vocab: ids },
      { name: 'owned_lag4', group: 'history', vocab: ids },
      { name: 'owned_lag5', group: 'history', vocab: ids },
      { name: 'dropped_before_may', group: 'history', vocab: ids },
      ...DYNAMICS_MULTIHOT,
    ],
    groups: [
      { id: 'age_life_stage', label: 'Age' },
      { id: 'income', label: 'Income' },
      { id: 'tenure', label: 'Tenure' },
      { id: 'engagement', label: 'Activity' },
      { id: 'segment', label: 'Segment' },
      { id: 'demographics', label: 'Demographics' },
      { id: 'channel', label: 'Joining channel' },
      { id: 'region', label: 'Province' },
      { id: 'relationship', label: 'Relationship type' },
      { id: 'products_held', label: 'Products held in May' },
      { id: 'history', label: 'Ownership history (lags 2–5)' },
    ],
  },
};

/** The spec before the lag-dynamics features (the ablation's "before" row; same groups, so SHAP is comparable). */
export const SANTANDER_BASE_SPEC: FeatureSpec = {
  ...SANTANDER_SPEC,
  customer: {
    ...SANTANDER_SPEC.customer,
    numeric: SANTANDER_SPEC.customer.numeric.filter((f) => !DYNAMICS.has(f.name)),
    categorical: SANTANDER_SPEC.customer.categorical.filter((f) => !DYNAMICS.has(f.name)),
    multiHot: SANTANDER_SPEC.customer.multiHot.filter((f) => !DYNAMICS.has(f.name)),
  },
};

export const santanderProducts = (): RawProduct[] =>
  SANTANDER_PRODUCTS.map((p) => ({ id: p.id, numeric: {}, categorical: { kind: p.kind } }));

const heldIds = (flags: readonly number[] | null | undefined) => (flags ? ids.filter((_, i) => flags[i] === 1) : []);

export function santanderRawCustomer(c: SantanderCustomer): RawCustomer {
  const lags = c.lags ?? [];
  const earlier = lags.slice(1);
  const dropped = ids.filter((_, i) => c.ownedMay[i] === 0 && earlier.some((l) => l?.[i] === 1));
  const categorical: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.codes)) categorical[k] = String(v);
  // Month k (1 = May … 5 = January); a month without a record counts as holding nothing.
  const at = (k: number, i: number) => (k === 1 ? c.ownedMay[i] : (lags[k - 1]?.[i] ?? 0));
  const transitions: Record<string, readonly string[]> = {};
  let nAdditions = 0;
  let nDrops = 0;
  for (const k of TRANSITIONS) {
    const added = ids.filter((_, i) => at(k, i) === 1 && at(k + 1, i) === 0);
    const droppedK = ids.filter((_, i) => at(k, i) === 0 && at(k + 1, i) === 1);
    transitions[`added_lag${k}`] = added;
    transitions[`dropped_lag${k}`] = droppedK;
    nAdditions += added.length;
    nDrops += droppedK.length;
  }
  transitions.kept_lag1 = ids.filter((_, i) => at(1, i) === 1 && at(2, i) === 1);
  const demo = c.lagDemographics ?? [];
  for (const k of [2, 5])
    for (const name of ['segmento', 'indrel_1mes', 'tiprel_1mes'] as const) {
      const v = demo[k - 1]?.[name];
      if (v !== null && v !== undefined) categorical[`${name}_lag${k}`] = String(v);
    }
  let nDemographicChanges = 0;
  for (let k = 1; k < demo.length; k++)
    for (const name of ['segmento', 'indrel', 'indrel_1mes', 'tiprel_1mes'] as const)
      if (demo[k]?.[name] != null && demo[k - 1]?.[name] != null && demo[k][name] !== demo[k - 1][name])
        nDemographicChanges++;
  const since: Record<string, number> = {};
  ids.forEach((id, i) => {
    let k = 1;
    while (k <= 5 && at(k, i) !== 1) k++;
    since[SINCE(id)] = k - 1;
  });
  return {
    id: String(c.ncodpers),
    numeric: {
      age: c.age,
      antiguedad: Math.max(0, c.antiguedad),
      ind_nuevo: c.ind_nuevo,
      renta: c.renta,
      ind_actividad_cliente: c.ind_actividad_cliente,
      n_owned_may: c.ownedMay.reduce((s, v) => s + v, 0),
      months_on_record: lags.filter((l) => l !== null).length,
      n_dropped: dropped.length,
      ...since,
      n_additions: nAdditions,
      n_drops: nDrops,
      n_changes: nAdditions + nDrops,
      n_demographic_changes: nDemographicChanges,
    },
    categorical,
    multiHot: {
      owned_may: heldIds(c.ownedMay),
      owned_lag2: heldIds(lags[1]),
      owned_lag3: heldIds(lags[2]),
      owned_lag4: heldIds(lags[3]),
      owned_lag5: heldIds(lags[4]),
      dropped_before_may: dropped,
      ...transitions,
    },
  };
}

export const santanderPositives = (c: SantanderCustomer): number[] =>
  c.addedJune.flatMap((v, i) => (v === 1 && c.ownedMay[i] === 0 ? [i] : []));
export const santanderExcluded = (c: SantanderCustomer): number[] => c.ownedMay.flatMap((v, i) => (v === 1 ? [i] : []));
