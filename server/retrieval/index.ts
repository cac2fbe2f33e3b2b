import type { AppDeps, RetrievalService } from '../deps.ts';
import { UnavailableError } from '../../lib/errors/index.ts';

/** Hybrid retrieval service built from the app's parts (being implemented: see hybrid.ts). */
export function createRetrieval(_deps: AppDeps): RetrievalService {
  return {
    ready: false,
    search: async () => {
      throw new UnavailableError('retrieval is not built yet', 5);
    },
    retrievePassages: async () => {
      throw new UnavailableError('retrieval is not built yet', 5);
    },
  };
}
