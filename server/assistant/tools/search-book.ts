import { z } from 'zod';
import { NotFoundError, UnavailableError } from '../../../lib/errors/index.ts';
import { similarClients } from '../../book/similar.ts';
import { bookFilter, ConstraintOutSchema, WithinSchema } from './book-filter.ts';
import { defineTool } from './types.ts';

/** RM search over the book: filters from the query, then hybrid retrieval with reranking (the search endpoint's own pipeline). */
export const searchBookTool = defineTool({
  name: 'search_book',
  description:
    'Search the book of clients with a natural-language query: filters (scores, income, age, holdings) plus meaning.',
  scope: 'rm',
  input: z.object({
    query: z.string().min(1).max(500),
    k: z.number().int().min(1).max(25).default(10),
    /** Search only these clients (an earlier answer's list): every constraint checked exactly on each. */
    within: WithinSchema,
    /** Look-alikes of this client ("clients like Jane Doe"), among the clients the query's filters allow. */
    similarTo: z.string().min(1).max(64).optional(),
  }),
  output: z.object({
    clients: z.array(z.object({ customerId: z.string(), name: z.string(), reason: z.string(), summary: z.string() })),
    constraints: z.array(ConstraintOutSchema),
    unparsed: z.array(z.string()),
    semanticQuery: z.string(),
    similarTo: z.object({ customerId: z.string(), name: z.string() }).optional(),
  }),
  async run(ctx, input) {
    if (input.similarTo) {
      const target = ctx.book?.get(input.similarTo);
      if (!ctx.book || !target || !ctx.canSee(target))
        throw new NotFoundError(`no client ${input.similarTo} in your book`);
      const f = bookFilter(ctx, input.query, input.within);
      const name = (id: string) => ctx.products.find((p) => p.id === id)?.name ?? id;
      const clients = similarClients(target, ctx.book.all().filter(f.include), input.k, name).map((s) => ({
        customerId: s.customer.id,
        name: s.customer.name,
        reason: `${Math.round(s.similarity * 100)}% alike: ${s.shared.slice(0, 4).join(', ') || 'a similar profile overall'}`,
        summary: `${s.customer.age}, ${s.customer.lifeStage.replace(/_/g, ' ')}`,
      }));
      return {
        clients,
        constraints: f.constraints,
        unparsed: f.unparsed,
        semanticQuery: '',
        similarTo: { customerId: target.id, name: target.name },
      };
    }
    if (input.within?.length && ctx.book) {
      const f = bookFilter(ctx, input.query, input.within);
      const clients = input.within
        .map((id) => ctx.book!.get(id))
        .filter((c): c is NonNullable<typeof c> => c !== undefined && f.include(c))
        .slice(0, input.k)
        .map((c) => ({
          customerId: c.id,
          name: c.name,
          reason: f.constraints.length
            ? `Satisfies ${f.constraints.map((x) => x.text).join('; ')}`
            : 'From your last list',
          summary: `${c.age}, ${c.lifeStage.replace(/_/g, ' ')}`,
        }));
      return { clients, constraints: f.constraints, unparsed: f.unparsed, semanticQuery: '' };
    }
    if (!ctx.retrieval) throw new UnavailableError('search is not available', 5);
    // The search runs over the RM's book; `canSee` below is the safety belt.
    const res = await ctx.retrieval.search(input.query, { k: input.k, signal: ctx.signal, rmId: ctx.rmId });
    const clients = [];
    for (const r of res.results) {
      // ctx.book is the part of the book the principal may see: a result outside it is dropped.
      const c = ctx.book?.get(r.customerId);
      if (ctx.book && (!c || !ctx.canSee(c))) continue;
      const name = c?.name ?? (typeof r.metadata.name === 'string' ? r.metadata.name : r.customerId);
      clients.push({ customerId: r.customerId, name, reason: r.reason, summary: r.summary });
      if (clients.length >= input.k) break;
    }
    return {
      clients,
      constraints: res.parsed.constraints,
      unparsed: res.parsed.warnings.map((w) => w.text),
      semanticQuery: res.parsed.semanticQuery,
    };
  },
  facts: (out) => [
    `search filters: ${out.constraints.map((c) => c.text).join('; ') || 'none'}${out.unparsed.length ? ` | not understood: ${out.unparsed.join('; ')}` : ''}`,
    ...out.clients.map((c, i) => `${i + 1}. ${c.customerId} ${c.name} | ${c.reason}`),
  ],
});
