import { join } from 'node:path';
import {
  importSantander,
  SANTANDER_CUSTOMERS_FILE,
  SANTANDER_LAGS_FILE,
} from '../../../../data/importers/santander.ts';
import { formatRowError } from '../../../../data/importers/rows.ts';
import {
  SANTANDER_SPEC,
  santanderExcluded,
  santanderPositives,
  santanderProducts,
  santanderRawCustomer,
} from './santander.ts';
import type { TrainingDataset } from './types.ts';

/** Santander June-2015 adders (file 1b + lags from 1a) as a TrainingDataset; fold = ncodpers % 5. */
export async function loadSantanderDataset(
  sharedDataDir: string,
  options: { lags?: boolean } = {},
): Promise<TrainingDataset & { ids: number[] }> {
  const res = await importSantander(
    join(sharedDataDir, SANTANDER_CUSTOMERS_FILE),
    options.lags === false ? undefined : join(sharedDataDir, SANTANDER_LAGS_FILE),
  );
  if (res.rejectedRows)
    throw new Error(
      `Santander import rejected ${res.rejectedRows} rows:\n${res.errors.slice(0, 10).map(formatRowError).join('\n')}`,
    );
  const rows = res.rows;
  return {
    spec: SANTANDER_SPEC,
    products: santanderProducts(),
    customers: rows.map(santanderRawCustomer),
    positives: rows.map(santanderPositives),
    excluded: rows.map(santanderExcluded),
    fold: rows.map((r) => r.fold),
    ids: rows.map((r) => r.ncodpers),
  };
}
