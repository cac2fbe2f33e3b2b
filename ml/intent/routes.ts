/**
 * What the chat does with a banking77 intent.
 * - `escalate`: fraud-like, disputes and complaints go to a person. The chat still answers, but the
 *   audit entry carries `escalate: true` and the RM console lists it.
 * - `recommendations`: the customer is asking about getting a product (cards, virtual cards,
 *   currencies, top-ups): ground the answer on the recommender's scores.
 * - `faq`: service questions answered from the knowledge collection.
 * - `general`: the classifier is not confident (banking77 has no investment/loan intents, so such
 *   questions land here), and the chat proceeds without an intent.
 */
export type IntentRoute = 'escalate' | 'recommendations' | 'faq' | 'general';
export type EscalationReason = 'fraud' | 'dispute' | 'complaint';

export const ESCALATION_INTENTS: Readonly<Record<string, EscalationReason>> = {
  compromised_card: 'fraud',
  lost_or_stolen_card: 'fraud',
  lost_or_stolen_phone: 'fraud',
  card_payment_not_recognised: 'fraud',
  cash_withdrawal_not_recognised: 'fraud',
  direct_debit_payment_not_recognised: 'fraud',
  transaction_charged_twice: 'dispute',
  request_refund: 'dispute',
  Refund_not_showing_up: 'dispute',
  'reverted_card_payment?': 'dispute',
  wrong_amount_of_cash_received: 'dispute',
  extra_charge_on_statement: 'dispute',
  card_payment_wrong_exchange_rate: 'dispute',
  wrong_exchange_rate_for_cash_withdrawal: 'dispute',
  transfer_not_received_by_recipient: 'dispute',
  card_swallowed: 'complaint',
  terminate_account: 'complaint',
};

const PRODUCT_INTEREST_INTENTS: ReadonlySet<string> = new Set([
  'get_physical_card',
  'order_physical_card',
  'getting_virtual_card',
  'get_disposable_virtual_card',
  'getting_spare_card',
  'supported_cards_and_currencies',
  'visa_or_mastercard',
  'apple_pay_or_google_pay',
  'fiat_currency_support',
  'country_support',
  'disposable_card_limits',
  'top_up_limits',
  'automatic_top_up',
  'exchange_via_app',
  'age_limit',
]);

/** Below this top-class probability the intent is not used for routing. */
const MIN_CONFIDENCE = 0.35;
/**
 * Escalate when the escalation intents together hold at least this much probability, even if the
 * single top intent is below MIN_CONFIDENCE: missing fraud is worse than a needless hand-off.
 */
const ESCALATION_MASS = 0.5;

export interface RouteDecision {
  route: IntentRoute;
  escalate: boolean;
  escalationReason?: EscalationReason;
  /** Total probability on escalation intents. */
  escalationMass: number;
}

export function routeIntent(labels: readonly string[], probs: ArrayLike<number>): RouteDecision {
  let top = 0;
  let mass = 0;
  let bestEsc = -1;
  for (let c = 0; c < labels.length; c++) {
    if (probs[c]! > probs[top]!) top = c;
    if (labels[c]! in ESCALATION_INTENTS) {
      mass += probs[c]!;
      if (bestEsc < 0 || probs[c]! > probs[bestEsc]!) bestEsc = c;
    }
  }
  const label = labels[top]!;
  const confident = probs[top]! >= MIN_CONFIDENCE;
  const escalationMass = Math.round(mass * 10_000) / 10_000;
  if ((confident && label in ESCALATION_INTENTS) || mass >= ESCALATION_MASS) {
    const reasonLabel = label in ESCALATION_INTENTS ? label : labels[bestEsc]!;
    return { route: 'escalate', escalate: true, escalationReason: ESCALATION_INTENTS[reasonLabel], escalationMass };
  }
  if (!confident) return { route: 'general', escalate: false, escalationMass };
  return { route: PRODUCT_INTEREST_INTENTS.has(label) ? 'recommendations' : 'faq', escalate: false, escalationMass };
}
