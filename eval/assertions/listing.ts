import type { Customer, Product } from '../../domain/index.ts';
import { escapeRegExp } from '../../lib/regexp/index.ts';
import type { Knowledge, TurnOutcome } from './types.ts';

/**
 * What a turn listed — products and clients, in the order it gave them — read from its text, its
 * structured recommendations, its `data-*` parts and its tool outputs. Not an assertion type: the
 * follow-up, clarification and book-wide assertions share it.
 */

/** The ways an answer may write a product's name: in full, without a trailing "(NEW)", or its acronym. */
function productNamePatterns(p: Pick<Product, 'name'>): RegExp[] {
  const forms = new Set([p.name]);
  const paren = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(p.name);
  if (paren) {
    forms.add(paren[1]!);
    if (/^[A-Z]{3,}$/.test(paren[2]!) && paren[2] !== 'NEW') forms.add(paren[2]!);
  }
  return [...forms].map((f) => new RegExp(`(?<![\\w-])${escapeRegExp(f)}(?![\\w-])`, 'i'));
}

/** Position of the product's first mention in `text`, or -1. */
function productPosition(text: string, p: Product): number {
  const at = productNamePatterns(p)
    .map((re) => text.search(re))
    .filter((i) => i >= 0);
  return at.length ? Math.min(...at) : -1;
}

/** Catalog products a text names, in the order it names them. */
export function productsNamed(text: string, catalog: Map<string, Product>): Product[] {
  const found = [...catalog.values()].map((p) => ({ p, at: productPosition(text, p) })).filter((x) => x.at >= 0);
  // A name inside a longer one ("ISA" in "Stocks and Shares ISA") is the longer product only.
  return found
    .filter(
      (x) =>
        !found.some(
          (y) =>
            y !== x &&
            y.at <= x.at &&
            y.at + y.p.name.length >= x.at + x.p.name.length &&
            y.p.name.length > x.p.name.length,
        ),
    )
    .sort((a, b) => a.at - b.at)
    .map((x) => x.p);
}

/** The products a turn listed: its structured recommendations in order, then any others its text names. */
export function productsListed(
  turn: Pick<TurnOutcome, 'text' | 'recommendations'>,
  catalog: Map<string, Product>,
): Product[] {
  const out: Product[] = [];
  for (const r of turn.recommendations) {
    const p = catalog.get(r.productId);
    if (p && !out.includes(p)) out.push(p);
  }
  for (const p of productsNamed(turn.text, catalog)) if (!out.includes(p)) out.push(p);
  return out;
}

/** Every `customerId` (or `clientId`) value anywhere inside a JSON value. */
function idsInside(x: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || !x || typeof x !== 'object') return out;
  if (Array.isArray(x)) for (const v of x) idsInside(v, out, depth + 1);
  else
    for (const [k, v] of Object.entries(x)) {
      if ((k === 'customerId' || k === 'clientId') && typeof v === 'string') out.push(v);
      else idsInside(v, out, depth + 1);
    }
  return out;
}

/**
 * The clients a turn named: ids of the book in its text, names of book clients in its text (a name
 * two clients share counts for both, unless the text gives its id beside it), and client ids in its
 * data parts and tool outputs.
 */
export function clientsListed(turn: Pick<TurnOutcome, 'text' | 'data' | 'tools'>, book: Knowledge['book']): Customer[] {
  const byId = new Map(book.map((c) => [c.id, c]));
  const ids = new Set<string>();
  for (const m of turn.text.matchAll(/\b[A-Za-z0-9_-]{3,64}\b/g)) if (byId.has(m[0])) ids.add(m[0]);
  // A name the text also gives with an id ("Ava Jones (C0000061)") means that client only; a name
  // given only bare counts for every client who shares it.
  const idsOfName = new Map<string, string[]>();
  for (const c of book) idsOfName.set(c.name.toLowerCase(), [...(idsOfName.get(c.name.toLowerCase()) ?? []), c.id]);
  for (const c of book) {
    if (!new RegExp(`(?<!\\w)${escapeRegExp(c.name)}(?!\\w)`, 'i').test(turn.text)) continue;
    const namesakes = idsOfName.get(c.name.toLowerCase()) ?? [];
    if (!namesakes.some((id) => turn.text.includes(id))) ids.add(c.id);
  }
  for (const d of turn.data) if (d.type !== 'data-meta') for (const id of idsInside(d.data)) ids.add(id);
  for (const t of turn.tools) for (const id of idsInside(t.output)) ids.add(id);
  return [...ids].map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
}
