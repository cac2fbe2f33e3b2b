import type { Customer } from '../../domain/index.ts';
import { type CustomerBook, InMemoryBook } from './book.ts';

const parts = new WeakMap<CustomerBook, { version: number; byKey: Map<string, CustomerBook> }>();

/**
 * The customers of `book` that `include` admits, as a book of their own (an RM's book within the
 * bank's): lists, counts and name lookups over it cannot reach anyone else. Built once per
 * (book version, key) — `key` names the predicate, e.g. the RM id — and rebuilt when the book reloads.
 */
export function bookPart(book: CustomerBook, key: string, include: (c: Customer) => boolean): CustomerBook {
  let cache = parts.get(book);
  if (!cache || cache.version !== book.version) parts.set(book, (cache = { version: book.version, byKey: new Map() }));
  let part = cache.byKey.get(key);
  if (!part) cache.byKey.set(key, (part = new InMemoryBook(book.all().filter(include))));
  return part;
}
