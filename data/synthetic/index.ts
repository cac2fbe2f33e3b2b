export {
  generateCustomers,
  generateCustomer,
} from './generate.ts';
export { writeSyntheticDataset, defaultSyntheticDir } from './write.ts';
export { readJsonl, readJsonlRecords, JsonlError } from './jsonl.ts';
export type { Preferences } from './preferences.ts';
export { nextAddLogWeights } from './adoption.ts';
export { populationMeanAffinity } from './calibration.ts';
export {
  AdoptionSchema,
  PreferencesSchema,
  ManifestSchema,
  SYNTHETIC_SCHEMA_VERSION,
} from './schemas.ts';
