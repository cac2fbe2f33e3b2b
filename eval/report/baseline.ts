import { readFileSync } from 'node:fs';
import { REPORT_SCHEMA_VERSION, toBaseline, type Baseline, type RunReport } from './model.ts';

export interface Comparison {
  /** pass → fail: regressions. */
  flips: { suite: string; id: string; failing: string[] }[];
  /** fail → pass. */
  fixed: { suite: string; id: string }[];
  added: { suite: string; id: string; pass: boolean }[];
  removed: { suite: string; id: string }[];
  suites: { name: string; passRate: number; baselinePassRate?: number }[];
  passRate: number;
  baselinePassRate: number;
  belowThreshold: string[];
  ok: boolean;
}

/** Read a saved run or baseline JSON (either shape). */
export function readBaseline(path: string): Baseline {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RunReport | Baseline;
  if (raw.schemaVersion !== REPORT_SCHEMA_VERSION)
    throw new Error(`${path}: schemaVersion ${raw.schemaVersion}, expected ${REPORT_SCHEMA_VERSION}`);
  if (raw.kind === 'meridian-eval-run') return toBaseline(raw);
  if (raw.kind !== 'meridian-eval-baseline')
    throw new Error(`${path}: not an eval run or baseline (kind ${(raw as { kind?: string }).kind})`);
  return raw;
}

/**
 * Compare a run with a baseline: any pass → fail flip, or a pass rate (overall or of any suite)
 * below `threshold`, fails. Cases are matched by suite name + case id.
 */
export function compareWithBaseline(current: RunReport | Baseline, baseline: Baseline, threshold = 0): Comparison {
  const cur = current.kind === 'meridian-eval-run' ? toBaseline(current) : current;
  const before = new Map<string, boolean>();
  for (const s of baseline.suites) for (const c of s.cases) before.set(`${s.name}/${c.id}`, c.pass);
  const seen = new Set<string>();
  const out: Comparison = {
    flips: [],
    fixed: [],
    added: [],
    removed: [],
    suites: [],
    passRate: cur.totals.passRate,
    baselinePassRate: baseline.totals.passRate,
    belowThreshold: [],
    ok: true,
  };
  for (const s of cur.suites) {
    const bs = baseline.suites.find((b) => b.name === s.name);
    out.suites.push({ name: s.name, passRate: s.passRate, baselinePassRate: bs?.passRate });
    if (s.passRate < threshold) out.belowThreshold.push(`${s.name} ${(s.passRate * 100).toFixed(1)}%`);
    for (const c of s.cases) {
      const key = `${s.name}/${c.id}`;
      seen.add(key);
      const was = before.get(key);
      if (was === undefined) out.added.push({ suite: s.name, id: c.id, pass: c.pass });
      else if (was && !c.pass) out.flips.push({ suite: s.name, id: c.id, failing: c.failing });
      else if (!was && c.pass) out.fixed.push({ suite: s.name, id: c.id });
    }
  }
  const curSuites = new Set(cur.suites.map((s) => s.name));
  for (const s of baseline.suites) {
    if (!curSuites.has(s.name)) continue; // suite not run this time: not a removal
    for (const c of s.cases) if (!seen.has(`${s.name}/${c.id}`)) out.removed.push({ suite: s.name, id: c.id });
  }
  if (cur.totals.passRate < threshold) out.belowThreshold.push(`overall ${(cur.totals.passRate * 100).toFixed(1)}%`);
  out.ok = out.flips.length === 0 && out.belowThreshold.length === 0;
  return out;
}

export function formatComparison(c: Comparison, threshold: number): string {
  const lines = [
    `baseline comparison: ${(c.baselinePassRate * 100).toFixed(1)}% → ${(c.passRate * 100).toFixed(1)}% (threshold ${(threshold * 100).toFixed(1)}%)`,
  ];
  for (const f of c.flips)
    lines.push(`  REGRESSION pass→fail ${f.suite}/${f.id}${f.failing.length ? `: ${f.failing.join('; ')}` : ''}`);
  for (const f of c.fixed) lines.push(`  fixed fail→pass ${f.suite}/${f.id}`);
  for (const a of c.added) lines.push(`  new case ${a.suite}/${a.id} (${a.pass ? 'pass' : 'fail'})`);
  for (const r of c.removed) lines.push(`  removed case ${r.suite}/${r.id}`);
  for (const b of c.belowThreshold) lines.push(`  BELOW THRESHOLD ${b}`);
  lines.push(
    c.ok
      ? '  OK: no regressions'
      : `  FAILED: ${c.flips.length} regression(s), ${c.belowThreshold.length} pass rate(s) below threshold`,
  );
  return lines.join('\n');
}
