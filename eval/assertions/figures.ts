import { z } from 'zod';
import { NEW_PRODUCT_IDS } from '../../domain/catalog/index.ts';
import { formatEnum, formatMoney, formatNumber, formatRate } from '../../domain/format.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { sameNumber, statedNumbers } from './facts.ts';
import { ConditionSchema, satisfies } from './ops.ts';
import type { AssertionContext, Knowledge } from './types.ts';

/**
 * Figures a case expects, described by where they come from (a catalog field, the customer's
 * profile, a client of the book, an aggregate over the book) and computed from that data when the
 * assertion runs — a suite never writes the number itself. Not an assertion type: the
 * `answers-with` assertion and the book-wide ones use it.
 */

/** How a figure is written for people (domain/format.ts). */
type FigureFormat = 'money' | 'rate' | 'count' | 'months' | 'plain';

const MONEY_FIELDS = new Set(['income', 'savingsBalance', 'loanAmount', 'annualFee', 'eligibility.minIncome']);
const RATE_FIELDS = new Set(['aprPct', 'expectedYieldPct']);

function formatOf(field: string | undefined, aggregate?: Aggregate): FigureFormat {
  if (aggregate === 'count') return 'count';
  if (!field) return 'plain';
  if (MONEY_FIELDS.has(field)) return 'money';
  if (RATE_FIELDS.has(field)) return 'rate';
  if (field === 'durationMonths') return 'months';
  return 'plain';
}

/** Customer fields a condition or aggregate may name, plus what the catalog derives from holdings. */
function customerField(c: Customer, field: string, catalog: Map<string, Product>): unknown {
  switch (field) {
    case 'heldCategories':
      return [...new Set(c.productsHeld.map((id) => catalog.get(id)?.category).filter(Boolean))];
    case 'productCount':
      return c.productsHeld.length;
    default:
      return (c as unknown as Record<string, unknown>)[field];
  }
}

const productField = (p: Product, field: string): unknown =>
  field.startsWith('eligibility.')
    ? (p.eligibility as Record<string, unknown>)[field.slice('eligibility.'.length)]
    : (p as unknown as Record<string, unknown>)[field];

const AGGREGATES = ['count', 'sum', 'mean', 'median', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** A product by id, or "the new one" (catalog products flagged new). */
const ProductRef = z.union([z.string().min(1), z.object({ flaggedNew: z.literal(true) }).strict()]);
type ProductRef = z.infer<typeof ProductRef>;

export function resolveProduct(ref: ProductRef, catalog: Map<string, Product>): Product {
  const id = typeof ref === 'string' ? ref : [...NEW_PRODUCT_IDS][0];
  const p = id ? catalog.get(id) : undefined;
  if (!p) throw new Error(`no catalog product ${JSON.stringify(ref)}`);
  return p;
}

const BookQuerySchema = z
  .object({
    where: z.array(ConditionSchema).default([]),
    aggregate: z.enum(AGGREGATES).default('count'),
    field: z.string().min(1).optional(),
    /** One figure per value of this field (segment, lifeStage, riskTolerance, …). */
    groupBy: z.string().min(1).optional(),
  })
  .strict()
  .refine((q) => q.aggregate === 'count' || q.field, 'aggregates other than count need a `field`');
export type BookQuery = z.output<typeof BookQuerySchema>;

export const FigureSchema = z.union([
  z.object({ product: ProductRef, field: z.string().min(1) }).strict(),
  z.object({ customer: z.string().min(1) }).strict(),
  z.object({ client: z.string().min(1), field: z.string().min(1) }).strict(),
  z.object({ book: BookQuerySchema }).strict(),
]);
export type FigureSpec = z.output<typeof FigureSchema>;

export interface Figure {
  value: number;
  format: FigureFormat;
  /** As domain/format.ts writes it. */
  shown: string;
  /** For grouped figures: the group's value in words (formatEnum). */
  label?: string;
}

function show(value: number, format: FigureFormat): string {
  switch (format) {
    case 'money':
      return formatMoney(value);
    case 'rate':
      return formatRate(value);
    case 'count':
      return formatNumber(value);
    case 'months':
      return `${formatNumber(value)} months`;
    case 'plain':
      return formatNumber(value);
  }
}

/** Median of the standard kind: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function aggregate(values: readonly number[], op: Aggregate): number {
  switch (op) {
    case 'count':
      return values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'mean':
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    case 'median':
      return median(values);
    case 'min':
      return values.length ? Math.min(...values) : Number.NaN;
    case 'max':
      return values.length ? Math.max(...values) : Number.NaN;
  }
}

/** The book's customers meeting every condition. */
export function selectClients(
  book: readonly Customer[],
  where: BookQuery['where'],
  catalog: Map<string, Product>,
): Customer[] {
  return book.filter((c) => where.every((w) => satisfies(customerField(c, w.field, catalog), w.op, w.value)));
}

/** Every figure the query describes: one, or one per group (groups in order of first appearance). */
export function bookFigures(query: BookQuery, knowledge: Pick<Knowledge, 'book' | 'catalog'>): Figure[] {
  if (knowledge.book.length === 0) throw new Error('the book of customers is unknown to this target');
  const clients = selectClients(knowledge.book, query.where, knowledge.catalog);
  const format = formatOf(query.field, query.aggregate);
  const valuesOf = (cs: Customer[]) =>
    cs.map((c) => Number(customerField(c, query.field ?? 'id', knowledge.catalog))).filter(Number.isFinite);
  const figure = (cs: Customer[], label?: string): Figure => {
    const value = aggregate(query.aggregate === 'count' ? cs.map(() => 1) : valuesOf(cs), query.aggregate);
    return { value, format, shown: show(value, format), ...(label ? { label } : {}) };
  };
  if (!query.groupBy) return [figure(clients)];
  const groups = new Map<string, Customer[]>();
  for (const c of clients) {
    const key = String(customerField(c, query.groupBy, knowledge.catalog));
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups].map(([key, cs]) => figure(cs, formatEnum(key)));
}

/** The figure(s) a spec stands for in this context. Throws when the data needed is missing. */
export function computeFigures(spec: FigureSpec, ctx: Pick<AssertionContext, 'customer' | 'knowledge'>): Figure[] {
  const { knowledge } = ctx;
  const one = (value: unknown, field: string, what: string): Figure[] => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} has no numeric ${field}`);
    const format = formatOf(field);
    return [{ value, format, shown: show(value, format) }];
  };
  if ('product' in spec) {
    const p = resolveProduct(spec.product, knowledge.catalog);
    return one(productField(p, spec.field), spec.field, p.id);
  }
  if ('customer' in spec) {
    if (!ctx.customer) throw new Error("the case's customer profile is unknown");
    return one(customerField(ctx.customer, spec.customer, knowledge.catalog), spec.customer, 'the customer');
  }
  if ('client' in spec) {
    const c = knowledge.book.find((x) => x.id === spec.client);
    if (!c) throw new Error(`client ${spec.client} is not in the book`);
    return one(customerField(c, spec.field, knowledge.catalog), spec.field, spec.client);
  }
  return bookFigures(spec.book, knowledge);
}

const ZERO_WORDS = /\b(no|none|zero|not any|nobody|no one)\b/i;

/**
 * Does `text` state the figure? The exact formatted form, or a stated number equal to it after the
 * rounding a writer does (sameNumber); money must carry its £; a count of zero may be "none";
 * months may be written as whole years.
 */
export function statesFigure(text: string, figure: Figure): boolean {
  if (!Number.isFinite(figure.value)) return false;
  if (text.includes(figure.shown)) return true;
  if (figure.format === 'count' && figure.value === 0 && ZERO_WORDS.test(text)) return true;
  const stated = statedNumbers(text);
  for (const n of stated) {
    if (figure.format === 'money' && !n.text.includes('£')) continue;
    if (figure.format === 'rate' && !n.percent) continue;
    if (sameNumber(n.value, figure.value)) return true;
    // Money rounded to the nearest pound ("£45,123" for a mean of 45,123.46).
    if (figure.format === 'money' && Math.abs(n.value - figure.value) < 0.5) return true;
  }
  if (figure.format === 'months' && figure.value % 12 === 0) {
    const years = figure.value / 12;
    if (new RegExp(`\\b${years}[- ]?(years?|yr)\\b`, 'i').test(text)) return true;
  }
  return false;
}

/** The first sentence of an answer (up to the first . ! ? or line break that ends one). */
export function firstSentence(text: string): string {
  const t = text.trim();
  // A full stop inside a number (4.64%) or an abbreviation followed by a lowercase word does not end it.
  const m = /[.!?](?=\s+[A-Z£"'(]|\s*$)|\n\s*\n|\n(?=\s*[-*•\d])/.exec(t);
  return m ? t.slice(0, m.index + 1).trimEnd() : t;
}

/** Text near a label: from the label to the end of its line or sentence (grouped figures). */
export function textAfterLabel(text: string, label: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  let at = lower.indexOf(label.toLowerCase());
  while (at >= 0) {
    const rest = text.slice(at);
    const end = rest.search(/\n|(?<=[.;])\s/);
    out.push(end < 0 ? rest : rest.slice(0, end + 1));
    at = lower.indexOf(label.toLowerCase(), at + 1);
  }
  return out;
}
