import { describe, expect, it } from 'vitest';
import { constraintKey, generatePhrasings } from '../../../testkit/rm-phrasing-grammar.ts';
import { parseQuery } from './index.ts';

/**
 * 600 generated phrasings (templates × fields × comparators × units × negation): the parser
 * reads exactly the intended constraints and reports nothing as not understood.
 */
describe('generated RM phrasings', () => {
  const phrasings = generatePhrasings(600);
  it('every phrasing parses to exactly its intended constraints, with no warnings', () => {
    const failures: string[] = [];
    for (const p of phrasings) {
      const parsed = parseQuery(p.query);
      const got = parsed.constraints.map(constraintKey).sort();
      const want = p.intended.map(constraintKey).sort();
      if (JSON.stringify(got) !== JSON.stringify(want) || parsed.warnings.length)
        failures.push(
          `${p.query}\n  want ${want.join(' | ')}\n  got  ${got.join(' | ')}\n  warn ${parsed.warnings.map((w) => w.text).join(' | ')}`,
        );
    }
    expect(failures.slice(0, 15).join('\n')).toBe('');
  });
});
