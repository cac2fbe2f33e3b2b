import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Customer } from '../../domain/index.ts';
import type { Preferences } from '../../data/synthetic/index.ts';
import type { Constraint } from '../../domain/api/search.ts';

/**
 * The labeled RM query set (queries.json) and its ground truth: a customer is relevant iff it
 * satisfies the hand-written filter AND one intent alternative, judged on the synthetic
 * generator's attributes and hidden preferences (see queries.json "about").
 */
export interface FilterSpec {
  field: string;
  op: Constraint['op'];
  value?: number | string;
  category?: string | string[];
  ids?: string[];
}
export interface IntentSpec {
  goals?: string[];
  holds?: string[];
  holds_ids?: string[];
  prefers?: string[];
  horizon?: string[];
  digital?: 'app' | 'branch';
  notes?: string;
}
export interface LabeledQuery {
  id: string;
  query: string;
  filter: FilterSpec[];
  intent: IntentSpec[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
export function loadQueries(file = path.join(here, 'queries.json')): LabeledQuery[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: LabeledQuery[] }).queries;
}

export function filterConstraints(spec: FilterSpec[]): Constraint[] {
  return spec.map((f) => {
    if (f.op === 'holds_any' || f.op === 'holds_none') {
      const cats = f.category === undefined ? [] : Array.isArray(f.category) ? f.category : [f.category];
      const ids = f.ids ?? PRODUCTS.filter((p) => cats.includes(p.category)).map((p) => p.id);
      return { field: 'products', op: f.op, value: ids, text: '' };
    }
    return { field: f.field, op: f.op, value: f.value as number | string, text: '' };
  });
}

const CATEGORY = new Map(PRODUCTS.map((p) => [p.id, p.category as string]));

/** Top-2 hidden category affinities (current accounts excluded: everyone has one). */
function topCategories(prefs: Preferences, n = 2): string[] {
  return Object.entries(prefs.categoryAffinity)
    .filter(([c]) => c !== 'current_account')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([c]) => c);
}

export function matchesIntent(c: Customer, prefs: Preferences, intent: IntentSpec[]): boolean {
  if (intent.length === 0) return true;
  const heldCats = new Set(c.productsHeld.map((id) => CATEGORY.get(id)));
  return intent.some(
    (alt) =>
      (!alt.goals || alt.goals.some((g) => (c.goals as string[]).includes(g))) &&
      (!alt.holds || alt.holds.some((cat) => heldCats.has(cat))) &&
      (!alt.holds_ids || alt.holds_ids.some((id) => c.productsHeld.includes(id))) &&
      (!alt.prefers || alt.prefers.some((cat) => topCategories(prefs).includes(cat))) &&
      (!alt.horizon || alt.horizon.includes(c.investmentHorizon)) &&
      (!alt.digital || (alt.digital === 'app' ? c.digitalEngagement >= 0.7 : c.digitalEngagement < 0.3)) &&
      (!alt.notes || (c.notes ?? '').toLowerCase().includes(alt.notes.toLowerCase())),
  );
}
