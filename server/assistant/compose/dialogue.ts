import { listInWords } from '../../../domain/format.ts';
import { type Composer, composed } from './types.ts';

const CAPABILITIES = {
  customer:
    'I can tell you about our products (fees, rates, terms and who can apply), answer how-to questions about your banking, show your balances and spending, and suggest products that suit you.',
  rm: 'I can search your book with filters ("clients over 60 with savings above £50,000"), count and average across it, rank every client for a product ("who should I call about the new wealth product?"), brief you on a client by id or name, and compare clients.',
};

/** Greetings, thanks and goodbyes: short, friendly, and never a sales pitch. */
export const composeChitchat: Composer = (input) => {
  const kind = input.plan.chitchat ?? 'acknowledgement';
  const what = CAPABILITIES[input.mode];
  switch (kind) {
    case 'greeting':
      return composed(`Hello! ${what} What would you like to know?`);
    case 'thanks':
      return composed("You're welcome! Is there anything else I can help with?");
    case 'goodbye':
      return composed('Goodbye, and thanks for getting in touch.');
    case 'wellbeing':
      return composed("I'm well, thanks for asking. How can I help today?");
    case 'capabilities':
      return composed(what);
    case 'acknowledgement':
      return composed('Great. Is there anything else you would like to know?');
    default:
      return kind satisfies never;
  }
};

/** Ambiguous product or client: ask which one, offering the candidates. */
export const composeClarify: Composer = (input) => {
  const c = input.plan.clarify;
  if (c?.about === 'client' && !c.candidates.length && c.unparsed.length)
    return composed(
      `I can't find a client called ${c.unparsed[0]} in your book. Could you check the name, or give me their customer id?`,
    );
  if (c?.about === 'client' && !c.candidates.length)
    return composed('Which client do you mean? Open them in the console, or give me their name or customer id.');
  if (!c?.candidates.length) return composed('Could you tell me a little more about what you mean?');
  const options = c.candidates.map((x) => (c.about === 'product' ? `the ${x.label}` : x.label));
  const question =
    c.about === 'product'
      ? `Which one do you mean: ${listInWords(options, 'or')}?`
      : `I found ${c.candidates.length} clients with that name: ${listInWords(options, 'or')}. Which one do you mean?`;
  return composed(
    question,
    c.about === 'product'
      ? { listedProducts: c.candidates.map((x) => x.id) }
      : { listedClients: c.candidates.map((x) => x.id) },
  );
};

/** Outside banking: say so briefly and say what is possible. */
export const composeOutOfScope: Composer = (input) =>
  composed(
    input.mode === 'customer'
      ? 'Sorry, I can only help with banking: our products, your accounts and how-to questions. Is there something like that I can do for you?'
      : "That's outside what I can help with. I can search, count and rank your book, brief you on a client, and answer product and policy questions.",
  );

/** After the fixed escalation notice: what the customer can do meanwhile, per reason. No selling. */
export const composeHandoff: Composer = (input) => {
  switch (input.plan.handoff?.reason) {
    case 'fraud':
      // The escalation notice already says to freeze the card: nothing to add, and nothing to sell.
      return composed('');
    case 'dispute':
      return composed('Please keep any receipts or confirmation emails for the payment: our team will ask for them.');
    case 'complaint':
      return composed("I'm sorry about your experience. Your complaint is recorded and a colleague will look into it.");
    default:
      return composed('A colleague will pick this up with you.');
  }
};
