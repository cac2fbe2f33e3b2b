import { OWASP_LLM_2025, type OwaspRiskId } from '../suite/schema.ts';
import type { CaseResult } from '../runner/run.ts';
import type { Comparison } from './baseline.ts';
import { passRateByTag, type RunReport } from './model.ts';

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d232a;background:#fafbfc}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #dde2e7;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.flaky{color:#9a6700;font-weight:600}
.meta{color:#57606a}.bar{height:8px;background:#f3d3d6;border-radius:4px;overflow:hidden;width:120px;display:inline-block;vertical-align:middle}
.bar>i{display:block;height:100%;background:#2da44e}details{margin:2px 0}summary{cursor:pointer}
pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;border-radius:4px;margin:4px 0;max-height:320px;overflow:auto}
.tag{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 7px;margin:1px;font-size:12px}
.risk{background:#ffebe9}
`;

function caseRow(c: CaseResult): string {
  const status = c.pass
    ? '<span class="pass">pass</span>'
    : c.flaky
      ? `<span class="flaky">flaky ${pct(c.passRate)}</span>`
      : '<span class="fail">fail</span>';
  const tags = [
    ...(c.risk
      ? [`<span class="tag risk" title="${esc(OWASP_LLM_2025[c.risk as OwaspRiskId])}">${esc(c.risk)}</span>`]
      : []),
    ...c.tags.map((t) => `<span class="tag">${esc(t)}</span>`),
  ].join('');
  const attempts = c.attempts
    .map((a, i) => {
      const asserts = a.assertions
        .map(
          (x) =>
            `<tr><td>${esc(x.type)}</td><td class="${x.pass ? 'pass' : 'fail'}">${x.pass ? '✓' : '✗'}</td><td>${x.score.toFixed(2)}</td><td>${x.weight}</td><td>${esc(x.reason)}</td><td class="meta">${esc(x.where)}</td></tr>`,
        )
        .join('');
      const transcript = a.transcript
        .map(
          (t) =>
            `<b>user:</b> ${esc(t.user)}\n<b>assistant:</b> ${esc(t.text)}\n<b>recommendations:</b> ${esc(t.recommendations.join(', ') || 'none')}${t.meta ? `\n<b>meta:</b> ${esc(JSON.stringify(t.meta))}` : ''}`,
        )
        .join('\n\n');
      const search = a.search
        ? `<b>query:</b> ${esc(a.search.query)}\n<b>constraints:</b> ${esc(JSON.stringify(a.search.constraints))}\n<b>results:</b> ${esc(a.search.results.join(', '))}`
        : '';
      return `<details><summary>attempt ${i + 1}: ${a.pass ? 'pass' : 'fail'} · score ${a.score.toFixed(2)} · ${Math.round(a.latencyMs)} ms</summary>
${a.error ? `<pre class="fail">${esc(a.error)}</pre>` : ''}${transcript || search ? `<pre>${transcript}${search}</pre>` : ''}
${asserts ? `<table><tr><th>assertion</th><th></th><th>score</th><th>weight</th><th>reason</th><th>where</th></tr>${asserts}</table>` : ''}</details>`;
    })
    .join('');
  return `<tr><td><b>${esc(c.id)}</b><div class="meta">${esc(c.description)}</div><div class="meta">${esc(c.where)}</div>${tags}</td><td>${esc(c.mode)}</td><td>${status}</td><td>${c.meanScore.toFixed(2)}</td><td>${attempts}</td></tr>`;
}

/** One self-contained HTML file: inline CSS, no scripts, no external assets. */
export function renderHtml(report: RunReport, comparison?: Comparison): string {
  const summary = report.suites
    .map(
      (s) =>
        `<tr><td><a href="#s-${esc(s.name)}">${esc(s.name)}</a></td><td>${esc(s.kind)}</td><td>${s.total}</td><td>${s.passed}</td><td><span class="bar"><i style="width:${(s.passRate * 100).toFixed(1)}%"></i></span> ${pct(s.passRate)}</td><td>${s.cases.filter((c) => c.flaky).length}</td></tr>`,
    )
    .join('');
  const risks = new Map<string, { pass: number; total: number }>();
  for (const s of report.suites)
    for (const c of s.cases)
      if (c.risk) {
        const r = risks.get(c.risk) ?? { pass: 0, total: 0 };
        r.total++;
        if (c.pass) r.pass++;
        risks.set(c.risk, r);
      }
  const riskTable = risks.size
    ? `<h2>Red-team by OWASP LLM Top 10 (2025) risk</h2><table><tr><th>risk</th><th>cases</th><th>passed</th><th>pass rate</th></tr>${[
        ...risks.entries(),
      ]
        .sort()
        .map(
          ([id, r]) =>
            `<tr><td>${esc(id)} ${esc(OWASP_LLM_2025[id as OwaspRiskId])}</td><td>${r.total}</td><td>${r.pass}</td><td>${pct(r.pass / r.total)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const intents = passRateByTag(report.suites);
  const intentTable = intents.length
    ? `<h2>By intent</h2><table><tr><th>intent</th><th>cases</th><th>passed</th><th>pass rate</th></tr>${intents
        .map(
          (i) =>
            `<tr><td>${esc(i.tag)}</td><td>${i.total}</td><td>${i.passed}</td><td><span class="bar"><i style="width:${(i.passRate * 100).toFixed(1)}%"></i></span> ${pct(i.passRate)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const cmp = comparison
    ? `<h2>Against baseline</h2><p class="${comparison.ok ? 'pass' : 'fail'}">${comparison.ok ? 'no regressions' : 'REGRESSIONS'}: ${pct(comparison.baselinePassRate)} → ${pct(comparison.passRate)}</p><ul>${[
        ...comparison.flips.map((f) => `<li class="fail">pass→fail ${esc(f.suite)}/${esc(f.id)}</li>`),
        ...comparison.fixed.map((f) => `<li class="pass">fail→pass ${esc(f.suite)}/${esc(f.id)}</li>`),
        ...comparison.belowThreshold.map((b) => `<li class="fail">below threshold: ${esc(b)}</li>`),
      ].join('')}</ul>`
    : '';
  const suites = report.suites
    .map(
      (
        s,
      ) => `<h2 id="s-${esc(s.name)}">${esc(s.name)} — ${s.passed}/${s.total} (${pct(s.passRate)})</h2><p class="meta">${esc(s.description)} · ${esc(s.file)}</p>
<table><tr><th>case</th><th>mode</th><th>${report.repeat > 1 ? `pass^${report.repeat}` : 'result'}</th><th>score</th><th>attempts</th></tr>${s.cases.map(caseRow).join('')}</table>`,
    )
    .join('');
  const t = report.target;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meridian eval — ${pct(report.totals.passRate)}</title><style>${CSS}</style></head><body>
<h1>Meridian evaluation report</h1>
<p class="meta">${esc(report.createdAt)} · target ${esc(t.kind)}${t.url ? ` ${esc(t.url)}` : ''} · generator ${esc(t.generator ?? '?')} (${esc(t.model ?? '?')}) · prompt ${esc(t.promptVersion ?? '?')} · repeat ${report.repeat}</p>
<h2>Summary: ${report.totals.passed}/${report.totals.total} cases pass (${pct(report.totals.passRate)})</h2>
<table><tr><th>suite</th><th>kind</th><th>cases</th><th>passed</th><th>pass rate</th><th>flaky</th></tr>${summary}</table>
${riskTable}${intentTable}${cmp}${suites}</body></html>\n`;
}
