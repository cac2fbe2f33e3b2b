import { z } from 'zod';
import { escapeRegExp } from '../../lib/regexp/index.ts';
import { computeFigures, statesFigure } from './figures.ts';
import { clientsListed } from './listing.ts';
import { defineAssertion, verdict } from './types.ts';

const Value = z
  .object({
    /** The client meant: by id, or by a name only one client of the book has. */
    id: z.string().min(1).optional(),
    named: z.string().min(2).optional(),
    /** Profile fields of that client the answer states (money with £, as the console writes them). */
    figures: z.array(z.string().min(1)).default([]),
    /** No other client of the book named (a brief is about one client). */
    only: z.boolean().default(true),
  })
  .strict()
  .refine((v) => !v.id !== !v.named, 'give `id` or `named`');

/** A client brief or a follow-up about the focus client: that client, with figures from their record. */
export default defineAssertion({
  type: 'mentions-client',
  description: "The answer is about the client meant: their name, figures from their record, no one else's.",
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const { book } = ctx.knowledge;
    const matches = v.id
      ? book.filter((c) => c.id === v.id)
      : book.filter((c) => c.name.toLowerCase() === v.named!.toLowerCase());
    if (matches.length !== 1)
      return verdict(
        false,
        `${matches.length} clients in the book are ${v.id ?? v.named}: the case must name exactly one`,
      );
    const client = matches[0]!;
    const problems: string[] = [];
    const byName = new RegExp(`(?<!\\w)${escapeRegExp(client.name)}(?!\\w)`, 'i').test(ctx.text);
    const byFirst = new RegExp(`(?<!\\w)${escapeRegExp(client.name.split(' ')[0]!)}(?!\\w)`, 'i').test(ctx.text);
    if (!byName && !byFirst && !ctx.text.includes(client.id)) problems.push(`does not name ${client.name}`);
    for (const field of v.figures) {
      const [f] = computeFigures({ client: client.id, field }, ctx);
      if (!statesFigure(ctx.text, f!)) problems.push(`missing ${field} ${f!.shown}`);
    }
    if (v.only) {
      const others = clientsListed(ctx.turns.at(-1) ?? { text: ctx.text, data: [], tools: [] }, book).filter(
        (c) => c.id !== client.id && c.name !== client.name,
      );
      if (others.length)
        problems.push(
          `also names ${others
            .slice(0, 5)
            .map((c) => c.id)
            .join(', ')}`,
        );
    }
    return problems.length
      ? verdict(false, problems.join('; '))
      : verdict(true, `about ${client.name}${v.figures.length ? ` with ${v.figures.join(', ')}` : ''}`);
  },
});
