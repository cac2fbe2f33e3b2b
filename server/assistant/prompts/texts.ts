/** Fixed texts shown to users. Versioned: the audit line records the version used. */
export interface VersionedText {
  id: string;
  version: string;
  text: string;
}

export const INVESTMENT_DISCLAIMER: VersionedText = {
  id: 'investment-disclaimer',
  version: '1.0.0',
  text:
    'Investments can go down as well as up and you may get back less than you invest. Past performance is not a guide to future returns. ' +
    'This is information, not personal financial advice; please speak to a qualified adviser before investing.',
};

/**
 * Said first, by the chat itself (not left to the model), when a customer's message is flagged for
 * human escalation by the intent classifier (fraud-like, dispute, complaint — server/intent/routes.ts).
 * The RM console lists the flagged message (GET /api/rm/escalations).
 */
export const ESCALATION_NOTICE: VersionedText = {
  id: 'escalation-notice',
  version: '1.0.0',
  text:
    "I've flagged this for a member of our team, who will follow up with you personally. " +
    'If you think your card or account is at risk, please freeze your card in the app or call us straight away.',
};

/**
 * The template generator's answer to "is anything guaranteed?" / "can I lose money?": honest, and
 * worded so the promised-returns guardrail reads it as the warning it is.
 */
export const GUARANTEE_ANSWER: VersionedText = {
  id: 'guarantee-answer',
  version: '1.0.0',
  text: 'No investment return is guaranteed: the value of investments can fall as well as rise, so your capital is at risk.',
};

export const REFUSALS = {
  otherCustomer: {
    id: 'refusal-other-customer',
    version: '1.0.0',
    text: "I can only discuss your own accounts and profile. I can't share information about other customers.",
  },
  outOfScope: {
    id: 'refusal-out-of-scope',
    version: '1.0.0',
    text: 'I can help with banking products and your accounts with us. I can’t help with that request.',
  },
  noGrounding: {
    id: 'refusal-no-grounding',
    version: '1.0.0',
    text: "I don't have enough information on file to recommend a product. A relationship manager can help you further.",
  },
  guaranteedReturns: {
    id: 'refusal-guaranteed-returns',
    version: '1.0.0',
    text: 'No investment product can promise a return; the value of investments can fall as well as rise.',
  },
} as const satisfies Record<string, VersionedText>;
