import type { Customer } from '../../domain/index.ts';
import type { Passage, SearchResponse } from '../../domain/api/search.ts';
import type { PassageOptions } from './passages.ts';
import type { SearchOptions } from './hybrid.ts';

/** Hybrid search over the customers, and passages for the chat. */
export interface RetrievalService {
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
  retrievePassages(question: string, customer?: Customer, options?: PassageOptions): Promise<Passage[]>;
  /** Ready when the lexical index is built. */
  readonly ready: boolean;
}
