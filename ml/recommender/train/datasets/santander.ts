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
    ],
    multiHot: [
      { name: 'owned_may', group: 'products_held', vocab: ids },
      { name: 'owned_lag2', group: 'history', vocab: ids },
      { name: 'owned_lag3', group: 'history', vocab: ids },
      { name: 'owned_lag4', group: 'history', vocab: ids },
      { name: 'owned_lag5', group: 'history', vocab: ids },
      { name: 'dropped_before_may', group: 'history', vocab: ids },
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

export const santanderProducts = (): RawProduct[] =>
  SANTANDER_PRODUCTS.map((p) => ({ id: p.id, numeric: {}, categorical: { kind: p.kind } }));

const heldIds = (flags: readonly number[] | null | undefined) => (flags ? ids.filter((_, i) => flags[i] === 1) : []);

export function santanderRawCustomer(c: SantanderCustomer): RawCustomer {
  const lags = c.lags ?? [];
  const earlier = lags.slice(1);
  const dropped = ids.filter((_, i) => c.ownedMay[i] === 0 && earlier.some((l) => l?.[i] === 1));
  const categorical: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.codes)) categorical[k] = String(v);
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
    },
    categorical,
    multiHot: {
      owned_may: heldIds(c.ownedMay),
      owned_lag2: heldIds(lags[1]),
      owned_lag3: heldIds(lags[2]),
      owned_lag4: heldIds(lags[3]),
      owned_lag5: heldIds(lags[4]),
      dropped_before_may: dropped,
    },
  };
}

export const santanderPositives = (c: SantanderCustomer): number[] =>
  c.addedJune.flatMap((v, i) => (v === 1 && c.ownedMay[i] === 0 ? [i] : []));
export const santanderExcluded = (c: SantanderCustomer): number[] => c.ownedMay.flatMap((v, i) => (v === 1 ? [i] : []));
