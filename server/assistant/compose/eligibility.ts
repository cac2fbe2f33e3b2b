import type { z } from 'zod';
import { listInWords } from '../../../domain/format.ts';
import type { eligibilityCheckTool } from '../tools/eligibility-check.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof eligibilityCheckTool)['output']>;

/** "Could I get a mortgage?": yes or no first, then each rule in words. */
export const composeEligibility: Composer = (input) => {
  const out = outputOf<Out>(input, 'eligibility_check');
  if (!out?.results.length) return composed("I couldn't check that product's rules just now.");
  const you = input.mode === 'customer';
  const who = you ? 'you' : (input.customer?.name.split(' ')[0] ?? 'the client');
  const yes = out.results.filter((r) => r.eligible);
  const no = out.results.filter((r) => !r.eligible);
  const lines: string[] = [];
  if (out.results.length === 1) {
    const r = out.results[0]!;
    if (r.eligible)
      lines.push(
        `Yes: ${who} ${you ? 'meet' : 'meets'} the requirements for the ${r.name}${r.rules ? ` (it needs ${r.rules})` : ''}.`,
      );
    else
      lines.push(
        `Not at the moment: ${who} can't get the ${r.name}, because ${listInWords(r.failed.map((f) => f.why))}.`,
      );
    if (r.eligible) lines.push('Any application is still subject to our usual checks.');
  } else {
    if (yes.length)
      lines.push(
        `${you ? 'You' : who} could get ${listInWords(
          yes.map((r) => `the ${r.name}`),
          'or',
        )}.`,
      );
    else
      lines.push(
        `No, not at the moment: none of these ${out.results.length} products is available to ${who} right now.`,
      );
    for (const r of no) lines.push(`The ${r.name} is not available: ${listInWords(r.failed.map((f) => f.why))}.`);
  }
  return composed(lines.join('\n'), { listedProducts: (yes.length ? yes : out.results).map((r) => r.productId) });
};
