import { z } from 'zod';
import { CustomerSchema } from '../../domain/index.ts';

/**
 * The suite file format (YAML). One suite = named cases; a case drives the chat (`turns`) or the
 * RM search (`search`) and carries assertions. Assertion `value`s are validated per type by the
 * registry (eval/assertions), so this schema only fixes the envelope.
 */

/** OWASP Top 10 for LLM Applications, 2025 edition. Red-team cases name the risk they test. */
export const OWASP_LLM_2025 = {
  LLM01: 'Prompt Injection',
  LLM02: 'Sensitive Information Disclosure',
  LLM03: 'Supply Chain',
  LLM04: 'Data and Model Poisoning',
  LLM05: 'Improper Output Handling',
  LLM06: 'Excessive Agency',
  LLM07: 'System Prompt Leakage',
  LLM08: 'Vector and Embedding Weaknesses',
  LLM09: 'Misinformation',
  LLM10: 'Unbounded Consumption',
} as const;
export type OwaspRiskId = keyof typeof OWASP_LLM_2025;
const RISK_IDS = Object.keys(OWASP_LLM_2025) as [OwaspRiskId, ...OwaspRiskId[]];

const AssertionSpecSchema = z
  .object({
    type: z.string().min(1),
    value: z.unknown().optional(),
    /** Share of the case score (default 1). Weight 0 = reported only, never fails the case. */
    weight: z.number().min(0).default(1),
    /** Minimum score in [0,1] for this assertion to pass (default: the type's own rule, usually 1). */
    threshold: z.number().min(0).max(1).optional(),
    /** Free text shown in reports. */
    description: z.string().optional(),
  })
  .strict();
type AssertionSpec = z.infer<typeof AssertionSpecSchema>;

/** An ad-hoc profile: a full customer record (its id must not collide with generated ids). */
const ProfileSchema = CustomerSchema;

const TurnSchema = z.object({ user: z.string().min(1).max(8000) }).strict();

const SearchSchema = z
  .object({ query: z.string().min(1).max(2000), k: z.number().int().min(1).max(100).default(3) })
  .strict();

const CaseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'letters, digits, _ . or -, at most 80'),
    description: z.string().min(1),
    mode: z.enum(['customer', 'rm']).optional(),
    /** A customer id known to the server, … */
    customer: z.string().min(1).optional(),
    /** … or an ad-hoc profile: a name from the suite's `profiles`, or an inline record. */
    profile: z.union([z.string().min(1), ProfileSchema]).optional(),
    turns: z.array(TurnSchema).min(1).max(20).optional(),
    search: SearchSchema.optional(),
    assertions: z.array(AssertionSpecSchema).default([]),
    /** Case passes when the weighted score ≥ threshold; without one, every weighted assertion must pass. */
    threshold: z.number().min(0).max(1).optional(),
    tags: z.array(z.string().min(1)).default([]),
    risk: z.enum(RISK_IDS).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.turns === !c.search)
      ctx.addIssue({
        code: 'custom',
        path: ['turns'],
        message: 'a case needs exactly one of `turns` (chat) or `search` (RM search)',
      });
    if (c.customer && c.profile)
      ctx.addIssue({ code: 'custom', path: ['profile'], message: 'give `customer` or `profile`, not both' });
  });
type EvalCaseInput = z.input<typeof CaseSchema>;

export const SuiteSchema = z
  .object({
    suite: z.string().regex(/^[a-z0-9-]{1,60}$/, 'lowercase letters, digits and -'),
    description: z.string().min(1),
    /** `red-team` suites require every case to name its OWASP LLM risk. */
    kind: z.enum(['behaviour', 'red-team']).default('behaviour'),
    defaults: z
      .object({
        mode: z.enum(['customer', 'rm']).default('customer'),
        /** Appended to every case's assertions (e.g. no-foreign-pii everywhere). */
        assertions: z.array(AssertionSpecSchema).default([]),
        tags: z.array(z.string()).default([]),
      })
      .strict()
      .default({ mode: 'customer', assertions: [], tags: [] }),
    profiles: z.record(z.string().regex(/^[a-z0-9-]{1,60}$/), ProfileSchema).default({}),
    /**
     * Knowledge passages the suite plants in the knowledge collection before it runs (indirect
     * injection through retrieved text). In-process they are ingested; a remote server must hold them.
     */
    passages: z
      .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/), text: z.string().min(1).max(4000) }).strict())
      .default([]),
    cases: z.array(CaseSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.cases.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['cases', i, 'id'], message: `duplicate case id '${c.id}'` });
      seen.add(c.id);
      if (s.kind === 'red-team' && !c.risk)
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i],
          message: `red-team case '${c.id}' must name its OWASP LLM risk (risk: LLM01…LLM10)`,
        });
      if (typeof c.profile === 'string' && !(c.profile in s.profiles))
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i, 'profile'],
          message: `unknown profile '${c.profile}' (suite profiles: ${Object.keys(s.profiles).join(', ') || 'none'})`,
        });
      const mode = c.mode ?? s.defaults.mode;
      if (c.search && mode !== 'rm')
        ctx.addIssue({ code: 'custom', path: ['cases', i, 'search'], message: 'search cases run in rm mode' });
      if (mode === 'customer' && !c.customer && !c.profile)
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i],
          message: 'customer-mode cases need `customer` or `profile`',
        });
    });
  });
export type SuiteFile = z.output<typeof SuiteSchema>;
