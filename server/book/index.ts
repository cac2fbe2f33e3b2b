import type { Logger } from '../../lib/log/index.ts';
import type { VectorStore } from '../../lib/vector-store/types.ts';
import type { CustomerBook } from './book.ts';
import { loadBook } from './book.ts';

export type { CustomerBook } from './book.ts';

/** The book as the server holds it: loaded in the background at start (retrying while Chroma is down). */
export interface BookHandle {
  current(): CustomerBook | undefined;
  whenReady: Promise<void>;
}

export function createBookHandle(store: VectorStore, log: Logger): BookHandle {
  let book: CustomerBook | undefined;
  const whenReady = (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        book = await loadBook(store, { log });
        return;
      } catch (err) {
        const wait = Math.min(30_000, 500 * 2 ** attempt);
        log.warn({ err: (err as Error).message, retryInMs: wait }, 'loading the customer book failed; retrying');
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
  })();
  return { current: () => book, whenReady };
}

/** A book that is already in memory (tests, benches). */
export const fixedBook = (book: CustomerBook): BookHandle => ({ current: () => book, whenReady: Promise.resolve() });
