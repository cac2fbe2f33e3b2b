import type { SuiteResult } from '../runner/run.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** The JSON a run writes (`--json`), and what `--baseline` reads. */
export interface RunReport {
  schemaVersion: number;
  kind: 'meridian-eval-run';
  createdAt: string;
  target: { kind: 'in-process' | 'url'; url?: string; generator?: string; model?: string; promptVersion?: string };
  repeat: number;
  totals: { passed: number; total: number; passRate: number; flaky: number };
  suites: SuiteResult[];
}

export function totals(suites: SuiteResult[]): RunReport['totals'] {
  const passed = suites.reduce((s, x) => s + x.passed, 0);
  const total = suites.reduce((s, x) => s + x.total, 0);
  const flaky = suites.reduce((s, x) => s + x.cases.filter((c) => c.flaky).length, 0);
  return { passed, total, passRate: total ? passed / total : 0, flaky };
}

/**
 * The committed baseline: the report without what varies between identical runs (timestamps,
 * latencies, audit ids), so a regression — and only a regression — shows as a diff.
 */
export interface Baseline {
  schemaVersion: number;
  kind: 'meridian-eval-baseline';
  target: RunReport['target'];
  repeat: number;
  totals: RunReport['totals'];
  suites: {
    name: string;
    file: string;
    passed: number;
    total: number;
    passRate: number;
    cases: { id: string; pass: boolean; passRate: number; score: number; risk?: string; failing: string[] }[];
  }[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function toBaseline(report: RunReport): Baseline {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'meridian-eval-baseline',
    target: report.target,
    repeat: report.repeat,
    totals: { ...report.totals, passRate: round(report.totals.passRate) },
    suites: report.suites.map((s) => ({
      name: s.name,
      file: s.file,
      passed: s.passed,
      total: s.total,
      passRate: round(s.passRate),
      cases: s.cases.map((c) => ({
        id: c.id,
        pass: c.pass,
        passRate: round(c.passRate),
        score: round(c.meanScore),
        ...(c.risk ? { risk: c.risk } : {}),
        // Which checks fail (type @ file:line, or the transport error) — stable text, no latencies.
        failing: [
          ...new Set(
            c.attempts.flatMap((a) =>
              a.error
                ? [`error: ${a.error.replace(/\d+(\.\d+)? ?ms/g, 'N ms')}`]
                : a.assertions
                    .filter((x) => !x.pass && x.type !== 'max-latency-ms')
                    .map((x) => `${x.type} @ ${x.where}`),
            ),
          ),
        ],
      })),
    })),
  };
}

/** Pass rate per tag with this prefix (e.g. `intent:`), over every suite, tags sorted by name. */
export function passRateByTag(
  suites: SuiteResult[],
  prefix = 'intent:',
): { tag: string; passed: number; total: number; passRate: number }[] {
  const by = new Map<string, { passed: number; total: number }>();
  for (const s of suites)
    for (const c of s.cases)
      for (const t of c.tags)
        if (t.startsWith(prefix)) {
          const r = by.get(t) ?? { passed: 0, total: 0 };
          r.total++;
          if (c.pass) r.passed++;
          by.set(t, r);
        }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, r]) => ({ tag: tag.slice(prefix.length), ...r, passRate: r.passed / r.total }));
}
