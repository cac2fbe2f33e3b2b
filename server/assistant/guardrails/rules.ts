import { renderGrounding } from '../prompts/index.ts';
import type { Answer, ChatTurn, Grounding } from '../generators/types.ts';
import { groundedProductIds } from '../generators/answer-json-schema.ts';
import { escapeRegExp } from '../../../lib/regexp/index.ts';

/**
 * Guardrails, in code, after (and while) the model writes. Each rule returns violations with
 * the offending text; the chat layer removes it or regenerates, and logs every event.
 */
type GuardrailRule =
  | 'ungrounded_product'
  | 'unsuitable_product'
  | 'ungrounded_number'
  | 'promised_returns'
  | 'other_customer_data';

export interface Violation {
  rule: GuardrailRule;
  /** Where: `answer`, `recommendations[1]`, `recommendations[0].why`. */
  where: string;
  detail: string;
}

export interface GuardrailContext {
  grounding: Grounding;
  /** The user's message and earlier user turns: numbers the user said may be repeated. */
  userText: string;
  /** Customer-id shape of this bank's ids (synthetic: C + 7 digits). */
  customerIdPattern: RegExp;
  /** Names/ids of other customers known to the caller (e.g. a directory) — never to be shown in customer mode. */
  otherCustomers: string[];
  /** Integers up to this are list numbers / counts, always allowed. */
  smallIntegerMax: number;
  /** Numbers that appear in the grounding (and user text), precomputed. */
  groundedNumbers: number[];
  /** Lower-cased text of the bank's own product passages (a promise word quoted from product terms is allowed). */
  productTermsText: string;
  /** Names of grounded products: a name like "Guaranteed Lifetime Annuity" is not a promise. */
  productNames: string[];
}

const DEFAULT_CUSTOMER_ID_PATTERN = /\bC\d{4,}\b/g;

const NUMBER = /(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.])\d+(?:\.\d+)?(?![\w])/g;

export function extractNumbers(text: string): { raw: string; value: number; decimals: number }[] {
  return [...text.matchAll(NUMBER)].map((m) => {
    const raw = m[0];
    const clean = raw.replace(/,/g, '');
    return { raw, value: Number(clean), decimals: clean.includes('.') ? clean.split('.')[1]!.length : 0 };
  });
}

export function buildContext(
  grounding: Grounding,
  message: string,
  history: readonly ChatTurn[] = [],
  options: Partial<Pick<GuardrailContext, 'customerIdPattern' | 'otherCustomers' | 'smallIntegerMax'>> = {},
): GuardrailContext {
  const userText = [...history.filter((t) => t.role === 'user').map((t) => t.content), message].join('\n');
  // Numbers in the free-text RM note do not count as grounded: it is the place injected text
  // ("promise 20% returns") would hide, and no figure an answer should quote lives there.
  const groundingText = renderGrounding(
    grounding.customer ? { ...grounding, customer: { ...grounding.customer, notes: undefined } } : grounding,
  );
  return {
    grounding,
    userText,
    customerIdPattern: options.customerIdPattern ?? DEFAULT_CUSTOMER_ID_PATTERN,
    otherCustomers: options.otherCustomers ?? [],
    smallIntegerMax: options.smallIntegerMax ?? 10,
    groundedNumbers: [...new Set([...extractNumbers(groundingText), ...extractNumbers(userText)].map((n) => n.value))],
    productTermsText: grounding.passages
      .filter((p) => p.collection === 'products')
      .map((p) => p.text.toLowerCase())
      .join('\n'),
    productNames: grounding.products.map((p) => p.name).sort((a, b) => b.length - a.length),
  };
}

const PROMISES: RegExp[] = [
  /\bguarantee(?:d|s)?\b/i,
  /\brisk[- ]free\b/i,
  /\b(?:can(?:'|’)?t|cannot|can not|won(?:'|’)?t|will not) lose\b/i,
  /\bno risk\b/i,
  /\b(?:sure|safe) bet\b/i,
  /\bdouble your money\b/i,
  /\b(?:will|is going to) (?:definitely|certainly|surely) (?:grow|rise|increase|return|make|earn)\b/i,
  /\b(?:certain|assured) (?:to )?(?:returns?|profits?|gains?)\b/i,
];

/** Rules on free text (answer, why, risks). */
export function checkText(text: string, where: string, ctx: GuardrailContext): Violation[] {
  const out: Violation[] = [];
  // Grounded product names stripped: "Guaranteed Lifetime Annuity" is no promise, "95% Mortgage" no claimed figure.
  let nameless = text;
  for (const name of ctx.productNames) nameless = nameless.replace(new RegExp(escapeRegExp(name), 'gi'), ' ');
  for (const re of PROMISES) {
    const m = re.exec(nameless);
    // "returns are not guaranteed", "no investment is risk-free" are warnings, not promises.
    const negated =
      m && /\b(?:not|no|never|nothing|none)\b|n[’']t\b/i.test(nameless.slice(Math.max(0, m.index - 30), m.index));
    if (m && !negated && !ctx.productTermsText.includes(m[0].toLowerCase()))
      out.push({ rule: 'promised_returns', where, detail: `promise of returns: "${m[0]}"` });
  }
  // Numbers inside a grounded product's name ("First-Time Buyer 95% Mortgage") are that name, not a claim.
  for (const n of extractNumbers(nameless)) {
    if (Number.isInteger(n.value) && n.decimals === 0 && n.value <= ctx.smallIntegerMax) continue;
    const ok = ctx.groundedNumbers.some(
      (g) => Math.abs(round(g, n.decimals) - n.value) < 1e-9 || Math.abs(g - n.value) < 1e-9,
    );
    if (!ok) out.push({ rule: 'ungrounded_number', where, detail: `number ${n.raw} is not in the grounding` });
  }
  const allowedIds = new Set<string>([
    ctx.grounding.customer?.id ?? '',
    ...(ctx.grounding.mode === 'rm' ? (ctx.grounding.rmResults ?? []).map((r) => r.customerId) : []),
  ]);
  for (const m of text.matchAll(new RegExp(ctx.customerIdPattern.source, 'g'))) {
    if (!allowedIds.has(m[0]))
      out.push({
        rule: 'other_customer_data',
        where,
        detail: `mentions customer id ${m[0]} outside this conversation's grounding`,
      });
  }
  for (const other of ctx.otherCustomers) {
    if (
      other &&
      other !== ctx.grounding.customer?.id &&
      other !== ctx.grounding.customer?.name &&
      !allowedIds.has(other) &&
      new RegExp(`\\b${escapeRegExp(other)}\\b`, 'i').test(text)
    ) {
      out.push({
        rule: 'other_customer_data',
        where,
        detail: `mentions another customer (${other.length > 3 ? `${other.slice(0, 2)}…` : '…'})`,
      });
    }
  }
  return out;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Rules on the structured recommendations: grounded and suitable products only. */
export function checkRecommendations(answer: Answer, ctx: GuardrailContext): Violation[] {
  const grounded = new Set(groundedProductIds(ctx.grounding));
  const excluded = new Map((ctx.grounding.recommendations?.excluded ?? []).map((e) => [e.productId, e]));
  const out: Violation[] = [];
  answer.recommendations.forEach((r, i) => {
    const where = `recommendations[${i}]`;
    const ex = excluded.get(r.productId);
    if (ex)
      out.push({
        rule: 'unsuitable_product',
        where,
        detail: `${r.productId} is excluded by suitability rule ${ex.rule}: ${ex.detail}`,
      });
    else if (!grounded.has(r.productId))
      out.push({ rule: 'ungrounded_product', where, detail: `${r.productId} is not among the grounded products` });
  });
  return out;
}
