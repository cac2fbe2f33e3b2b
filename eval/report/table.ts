import { passRateByTag, type RunReport } from './model.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));

/** The terminal summary: one row per suite, then every failing case with its first reasons. */
export function formatTable(report: RunReport, options: { maxFailures?: number } = {}): string {
  const rows = report.suites.map((s) => [
    s.name,
    s.kind,
    String(s.total),
    String(s.passed),
    pct(s.passRate),
    String(s.cases.filter((c) => c.flaky).length),
  ]);
  const header = [
    'suite',
    'kind',
    'cases',
    'passed',
    report.repeat > 1 ? `pass^${report.repeat}` : 'pass rate',
    'flaky',
  ];
  const all = [
    header,
    ...rows,
    [
      'TOTAL',
      '',
      String(report.totals.total),
      String(report.totals.passed),
      pct(report.totals.passRate),
      String(report.totals.flaky),
    ],
  ];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!)).join('  ');
  const out = [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    line(all.at(-1)!),
  ];
  const intents = passRateByTag(report.suites);
  if (intents.length) {
    const w = Math.max(6, ...intents.map((i) => i.tag.length));
    out.push('', `${pad('intent', w)}  cases  passed  pass rate`);
    for (const i of intents)
      out.push(`${pad(i.tag, w)}  ${pad(String(i.total), 5)}  ${pad(String(i.passed), 6)}  ${pct(i.passRate)}`);
  }
  const failures = report.suites.flatMap((s) => s.cases.filter((c) => !c.pass).map((c) => ({ s, c })));
  const max = options.maxFailures ?? 40;
  if (failures.length) out.push('', `failing cases (${failures.length}):`);
  for (const { s, c } of failures.slice(0, max)) {
    const a = c.attempts.find((x) => !x.pass);
    const why = a?.error
      ? `error: ${a.error}`
      : a?.assertions
          .filter((x) => !x.pass)
          .map((x) => `${x.type}: ${x.reason}`)
          .join(' | ');
    out.push(
      `  ✗ ${s.name}/${c.id}${c.risk ? ` [${c.risk}]` : ''}${c.flaky ? ` (flaky ${pct(c.passRate)})` : ''} — ${(why ?? '').slice(0, 220)}`,
    );
  }
  if (failures.length > max) out.push(`  … ${failures.length - max} more (see the JSON/HTML report)`);
  return out.join('\n');
}
