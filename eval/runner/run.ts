import { randomUUID } from 'node:crypto';
import type { Customer } from '../../domain/index.ts';
import {
  registry,
  type AssertionContext,
  type Knowledge,
  type SearchOutcome,
  type TurnOutcome,
} from '../assertions/index.ts';
import type { MeridianClient } from '../client/index.ts';
import type { EvalCase, LoadedSuite } from '../suite/case.ts';

export interface AssertionResult {
  type: string;
  pass: boolean;
  score: number;
  weight: number;
  reason: string;
  where: string;
}

/** One run of one case. */
export interface AttemptResult {
  pass: boolean;
  score: number;
  latencyMs: number;
  assertions: AssertionResult[];
  /** Transport or setup failure (the case then fails). */
  error?: string;
  /** What the system said, for the reports. */
  transcript: { user: string; text: string; recommendations: string[]; meta?: Record<string, unknown> }[];
  search?: { query: string; results: string[]; constraints: unknown[] };
}

export interface CaseResult {
  suite: string;
  id: string;
  description: string;
  where: string;
  mode: 'customer' | 'rm';
  tags: string[];
  risk?: string;
  /** pass^N: every one of the N attempts passed. */
  pass: boolean;
  /** Share of attempts that passed (pass@1 estimate). */
  passRate: number;
  flaky: boolean;
  meanScore: number;
  attempts: AttemptResult[];
}

export interface SuiteResult {
  name: string;
  file: string;
  kind: 'behaviour' | 'red-team';
  description: string;
  cases: CaseResult[];
  passed: number;
  total: number;
  passRate: number;
}

export interface RunOptions {
  client: MeridianClient;
  knowledge: Knowledge;
  concurrency?: number;
  repeat?: number;
  onAttempt?: (c: EvalCase, attempt: AttemptResult, done: number, total: number) => void;
}

/** Weighted case score; pass = every weighted assertion passes, or score ≥ the case threshold. */
export function caseVerdict(results: AssertionResult[], threshold?: number): { pass: boolean; score: number } {
  const weighted = results.filter((r) => r.weight > 0);
  const total = weighted.reduce((s, r) => s + r.weight, 0);
  const score = total === 0 ? 1 : weighted.reduce((s, r) => s + r.weight * r.score, 0) / total;
  const pass = threshold === undefined ? weighted.every((r) => r.pass) : score >= threshold - 1e-9;
  return { pass, score };
}

/** pass^N over attempts: a case passes only if all N attempts pass. */
export function aggregateAttempts(attempts: Pick<AttemptResult, 'pass' | 'score'>[]): {
  pass: boolean;
  passRate: number;
  flaky: boolean;
  meanScore: number;
} {
  const passed = attempts.filter((a) => a.pass).length;
  return {
    pass: attempts.length > 0 && passed === attempts.length,
    passRate: attempts.length ? passed / attempts.length : 0,
    flaky: passed > 0 && passed < attempts.length,
    meanScore: attempts.length ? attempts.reduce((s, a) => s + a.score, 0) / attempts.length : 0,
  };
}

/** Run `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

async function runChat(c: EvalCase, client: MeridianClient): Promise<TurnOutcome[]> {
  const conversationId = `eval-${c.id}-${randomUUID().slice(0, 8)}`;
  const turns: TurnOutcome[] = [];
  for (const turn of c.turns ?? []) {
    const start = performance.now();
    const r = await client.chat({ mode: c.mode, customerId: c.customerId, conversationId, message: turn.user });
    const latencyMs = performance.now() - start;
    const s = r.stream;
    turns.push({
      user: turn.user,
      status: r.status,
      text: s?.text ?? '',
      recommendations: s?.recommendations ?? [],
      meta: s?.meta,
      tools: s?.tools ?? [],
      data: s?.data ?? [],
      latencyMs,
      error: r.error ?? s?.error ?? (s && !s.finished ? 'stream ended without finish' : undefined),
    });
    if (turns.at(-1)!.error) break;
  }
  return turns;
}

async function runSearch(c: EvalCase, client: MeridianClient): Promise<SearchOutcome> {
  const start = performance.now();
  const { status, body } = await client.search(c.search!.query, c.search!.k);
  const latencyMs = performance.now() - start;
  const b = (body ?? {}) as { parsed?: SearchOutcome['parsed']; results?: SearchOutcome['results'] };
  const out: SearchOutcome = {
    status,
    body,
    parsed: b.parsed,
    results: Array.isArray(b.results) ? b.results : [],
    profiles: {},
    latencyMs,
  };
  if (status !== 200) out.error = `HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}`;
  const profiles = await Promise.all(out.results.map((r) => client.getCustomer(r.customerId)));
  out.results.forEach((r, i) => (out.profiles[r.customerId] = profiles[i]));
  return out;
}

async function runAttempt(
  c: EvalCase,
  client: MeridianClient,
  knowledge: Knowledge,
  profileCache: Map<string, Promise<Customer | undefined>>,
): Promise<AttemptResult> {
  const base: AttemptResult = { pass: false, score: 0, latencyMs: 0, assertions: [], transcript: [] };
  try {
    const profileOf = (id: string) => {
      let p = profileCache.get(id);
      if (!p) profileCache.set(id, (p = client.getCustomer(id)));
      return p;
    };
    let customer = c.profile;
    if (!customer && c.customerId) {
      customer = await profileOf(c.customerId);
      if (!customer) return { ...base, error: `customer ${c.customerId} not found on the server` };
    }
    let ctx: AssertionContext;
    if (c.search) {
      const search = await runSearch(c, client);
      base.search = {
        query: c.search.query,
        results: search.results.map((r) => r.customerId),
        constraints: search.parsed?.constraints ?? [],
      };
      base.latencyMs = search.latencyMs;
      if (search.error) return { ...base, error: search.error };
      ctx = {
        case: c,
        kind: 'search',
        text: JSON.stringify(search.body),
        output: search.body,
        recommendations: [],
        latencyMs: search.latencyMs,
        turns: [],
        search,
        customer,
        knowledge,
      };
    } else {
      const turns = await runChat(c, client);
      base.transcript = turns.map((t) => ({
        user: t.user,
        text: t.text,
        recommendations: t.recommendations.map((r) => r.productId),
        meta: t.meta,
      }));
      base.latencyMs = Math.max(0, ...turns.map((t) => t.latencyMs));
      const failed = turns.find((t) => t.error);
      if (failed) return { ...base, error: `turn "${failed.user.slice(0, 40)}": ${failed.error}` };
      const last = turns.at(-1)!;
      // An RM's recommendations are for the client the answer was about: judged against that profile.
      const chosenFor = (last.data.findLast((d) => d.type === 'data-recommendations')?.data as { customerId?: unknown })
        ?.customerId;
      if (!customer && last.recommendations.length && typeof chosenFor === 'string')
        customer = await profileOf(chosenFor);
      ctx = {
        case: c,
        kind: 'chat',
        text: last.text,
        output: { text: last.text, recommendations: last.recommendations, meta: last.meta ?? null },
        recommendations: last.recommendations,
        meta: last.meta,
        latencyMs: base.latencyMs,
        turns,
        customer,
        knowledge,
      };
    }
    for (const a of c.assertions) {
      const def = registry.get(a.type)!;
      let outcome;
      try {
        outcome = await def.evaluate(a.value, ctx, { threshold: a.threshold });
      } catch (err) {
        outcome = { pass: false, score: 0, reason: `assertion threw: ${(err as Error).message}` };
      }
      base.assertions.push({
        type: a.type,
        pass: outcome.pass,
        score: outcome.score,
        weight: a.weight,
        reason: outcome.reason,
        where: a.where,
      });
    }
    return { ...base, ...caseVerdict(base.assertions, c.threshold) };
  } catch (err) {
    return { ...base, error: (err as Error).message };
  }
}

/** Run every case of every suite `repeat` times, at most `concurrency` attempts in flight. */
export async function runSuites(suites: LoadedSuite[], options: RunOptions): Promise<SuiteResult[]> {
  const repeat = options.repeat ?? 1;
  const profileCache = new Map<string, Promise<Customer | undefined>>();
  const cases = suites.flatMap((s) => s.cases);
  const total = cases.length * repeat;
  let done = 0;
  const tasks = cases.flatMap((c) =>
    Array.from({ length: repeat }, () => async () => {
      const r = await runAttempt(c, options.client, options.knowledge, profileCache);
      options.onAttempt?.(c, r, ++done, total);
      return { c, r };
    }),
  );
  const attempts = await pool(tasks, options.concurrency ?? 4);
  const byCase = new Map<EvalCase, AttemptResult[]>();
  for (const { c, r } of attempts) byCase.set(c, [...(byCase.get(c) ?? []), r]);
  return suites.map((s) => {
    const results: CaseResult[] = s.cases.map((c) => {
      const list = byCase.get(c) ?? [];
      return {
        suite: s.name,
        id: c.id,
        description: c.description,
        where: c.where,
        mode: c.mode,
        tags: c.tags,
        risk: c.risk,
        ...aggregateAttempts(list),
        attempts: list,
      };
    });
    const passed = results.filter((r) => r.pass).length;
    return {
      name: s.name,
      file: s.file,
      kind: s.kind,
      description: s.description,
      cases: results,
      passed,
      total: results.length,
      passRate: results.length ? passed / results.length : 0,
    };
  });
}
