export {
  generateCustomers,
  generateCustomer,
  customerId,
  type GeneratedCustomer,
  type GenerateOptions,
} from './generate.ts';
export { writeSyntheticDataset, defaultSyntheticDir, type WriteSyntheticOptions } from './write.ts';
export { readJsonl, readJsonlRecords, JsonlError, type ReadJsonlOptions } from './jsonl.ts';
export { computePreferences, TASTE_DIMS, type Preferences } from './preferences.ts';
export { INELIGIBLE_PENALTY, ADD_TEMPERATURE, POPULATION_SHARE, nextAddLogWeights } from './adoption.ts';
export { populationMeanAffinity, CALIBRATION_SEED, CALIBRATION_SIZE } from './calibration.ts';
export {
  AdoptionSchema,
  PreferencesSchema,
  ManifestSchema,
  SYNTHETIC_FILES,
  SYNTHETIC_SCHEMA_VERSION,
  type Adoption,
  type Manifest,
} from './schemas.ts';
