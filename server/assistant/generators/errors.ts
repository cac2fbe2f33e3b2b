import { MeridianError } from '../../../lib/errors/index.ts';

/** The model produced no valid structured answer (truncated, invalid JSON, schema mismatch, HTTP error). */
export class GenerationError extends MeridianError {
  override readonly status = 502;
  override readonly code = 'generation_failed';
}
