import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config/index.ts';
import {
  compareWithBaseline,
  formatComparison,
  readBaseline,
  REPORT_SCHEMA_VERSION,
  renderHtml,
  toBaseline,
  totals,
  type Baseline,
  type RunReport,
} from '../report/index.ts';
import { expandSuiteArgs, loadSuiteFile, SuiteError, type LoadedSuite } from '../suite/index.ts';
import { runSuites } from './run.ts';
import type { EvalTarget } from './target.ts';

const USAGE = `Usage: npm run eval -- [suite files, directories or globs] [options]

Runs evaluation suites (YAML) against Meridian — in-process by default, or a server with --url.

Options:
  --url URL               run against a running server instead of the in-process stack
  --rm-key KEY            staff API key (default: the first of MERIDIAN_SUPERVISOR_API_KEYS)
  --concurrency N         attempts in flight (default 4)
  --repeat N              run every case N times; a case passes only if all N pass (pass^N)
  --filter REGEX          only cases whose suite/id matches
  --json FILE             write the full run report (JSON)
  --html FILE             write a self-contained HTML report
  --save-baseline PATH    write the stable baseline: a .json file, or a directory (one file per suite)
  --from-json FILE        do not run: take the results of a saved run (--json) and report, compare
                          or save a baseline from them
  --baseline PATH         compare with a saved run/baseline (file or directory of per-suite files);
                          exit 1 on any pass→fail flip or a pass rate below --threshold
  --threshold X           minimum pass rate, 0–1 or a percentage like 80% (default 0 with --baseline;
                          without --baseline, any failing case exits 1 unless a threshold is given)
  --customers N           in-process stack: synthetic customers to generate (default 200)
  --knowledge N           in-process stack: bank-FAQ passages to ingest (default 0 = all)
  --timeout-ms N          per request (default 120000)
  --quiet                 no per-attempt progress lines
  -h, --help              this text

Exit codes: 0 ok · 1 regression / below threshold / failing cases · 2 bad suites or usage.`;

/** Write atomically: temp name then rename. */
export function writeAtomic(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function parseThreshold(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const x = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
  if (!Number.isFinite(x) || x < 0 || x > 1)
    throw new UsageError(`--threshold: expected 0–1 or a percentage, got ${raw}`);
  return x;
}

class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name}: expected a positive integer, got ${raw}`);
  return n;
}

/** Merge per-suite baseline files of a directory into one baseline (missing suites just aren't compared). */
function readBaselinePath(path: string, suites: LoadedSuite[]): Baseline {
  if (!isDir(path)) return readBaseline(path);
  const parts = suites
    .map((s) => join(path, `${s.name}.json`))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    })
    .map(readBaseline);
  const merged: Baseline = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'meridian-eval-baseline',
    target: parts[0]?.target ?? { kind: 'in-process' },
    repeat: parts[0]?.repeat ?? 1,
    suites: parts.flatMap((p) => p.suites),
    totals: { passed: 0, total: 0, passRate: 0, flaky: 0 },
  };
  merged.totals.passed = merged.suites.reduce((s, x) => s + x.passed, 0);
  merged.totals.total = merged.suites.reduce((s, x) => s + x.total, 0);
  merged.totals.passRate = merged.totals.total ? merged.totals.passed / merged.totals.total : 0;
  return merged;
}

async function execute(
  runnable: LoadedSuite[],
  o: {
    url?: string;
    rmKey?: string;
    concurrency: number;
    repeat: number;
    timeoutMs: number;
    quiet?: boolean;
    customers: number;
    knowledge?: number;
  },
): Promise<RunReport> {
  const config = loadConfig();
  // The suites read every book ("how many of my clients…" over the whole test book): a supervisor key.
  const rmKey = o.rmKey ?? config.supervisorApiKeys[0]!;
  let target: EvalTarget;
  if (o.url) {
    const { urlTargetFromConfig } = await import('./knowledge.ts');
    target = await urlTargetFromConfig({ url: o.url, rmKey, config, timeoutMs: o.timeoutMs });
  } else {
    const { inProcessTarget } = await import('./in-process.ts');
    target = await inProcessTarget({
      profiles: runnable.flatMap((s) => s.profiles),
      passages: runnable.flatMap((s) => s.passages.map((p) => ({ ...p, origin: s.file }))),
      customers: o.customers,
      knowledge: o.knowledge,
      timeoutMs: o.timeoutMs,
    });
  }

  const caseCount = runnable.reduce((s, x) => s + x.cases.length, 0);
  console.error(
    `eval: ${runnable.length} suite(s), ${caseCount} case(s) × ${o.repeat} against ${target.describe.kind}${target.describe.url ? ` ${target.describe.url}` : ''}, concurrency ${o.concurrency}`,
  );
  let results;
  try {
    results = await runSuites(runnable, {
      client: target.client,
      knowledge: target.knowledge,
      concurrency: o.concurrency,
      repeat: o.repeat,
      onAttempt: o.quiet
        ? undefined
        : (c, a, done, total) => {
            if (!a.pass || done % 10 === 0 || done === total)
              console.error(
                `  [${done}/${total}] ${a.pass ? 'pass' : 'FAIL'} ${c.suite}/${c.id}${a.error ? ` — ${a.error.slice(0, 120)}` : ''}`,
              );
          },
    });
  } finally {
    await target.close();
  }

  const meta = results
    .flatMap((s) => s.cases.flatMap((c) => c.attempts.flatMap((a) => a.transcript.map((t) => t.meta))))
    .find((m) => m?.generator);
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'meridian-eval-run',
    createdAt: new Date().toISOString(),
    target: {
      ...target.describe,
      generator: meta?.generator as string | undefined,
      model: meta?.model as string | undefined,
      promptVersion: meta?.promptVersion as string | undefined,
    },
    repeat: o.repeat,
    totals: totals(results),
    suites: results,
  };
  return report;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'rm-key': { type: 'string' },
      concurrency: { type: 'string' },
      repeat: { type: 'string' },
      filter: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      'save-baseline': { type: 'string' },
      baseline: { type: 'string' },
      threshold: { type: 'string' },
      customers: { type: 'string' },
      knowledge: { type: 'string' },
      'timeout-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'from-json': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const repeat = positiveInt('repeat', values.repeat, 1);
  const concurrency = positiveInt('concurrency', values.concurrency, 4);
  const threshold = parseThreshold(values.threshold);
  const timeoutMs = positiveInt('timeout-ms', values['timeout-ms'], 120_000);

  const files = expandSuiteArgs(positionals.length ? positionals : ['eval/suites']);
  const suites: LoadedSuite[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      suites.push(loadSuiteFile(f));
    } catch (err) {
      if (err instanceof SuiteError) problems.push(err.message);
      else throw err;
    }
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    return 2;
  }
  if (values.filter) {
    const re = new RegExp(values.filter, 'i');
    for (const s of suites) s.cases = s.cases.filter((c) => re.test(`${s.name}/${c.id}`));
  }
  const runnable = suites.filter((s) => s.cases.length > 0);

  let report: RunReport;
  if (values['from-json']) {
    report = JSON.parse(readFileSync(values['from-json'], 'utf8')) as RunReport;
    if (report.kind !== 'meridian-eval-run' || report.schemaVersion !== REPORT_SCHEMA_VERSION)
      throw new UsageError(`--from-json: ${values['from-json']} is not an eval run (schema ${REPORT_SCHEMA_VERSION})`);
  } else
    report = await execute(runnable, {
      url: values.url,
      rmKey: values['rm-key'],
      concurrency,
      repeat,
      timeoutMs,
      quiet: values.quiet,
      customers: positiveInt('customers', values.customers, 200),
      knowledge:
        values.knowledge === undefined || values.knowledge === '0' ? 0 : positiveInt('knowledge', values.knowledge, 1),
    });
  const { formatTable } = await import('../report/table.ts');
  console.log(formatTable(report));

  if (values.json) writeAtomic(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values['save-baseline']) {
    const out = values['save-baseline'];
    const baseline = toBaseline(report);
    if (out.endsWith('.json')) writeAtomic(out, `${JSON.stringify(baseline, null, 2)}\n`);
    else
      for (const s of baseline.suites) {
        const one: Baseline = {
          ...baseline,
          suites: [s],
          totals: {
            passed: s.passed,
            total: s.total,
            passRate: s.passRate,
            flaky: report.suites.find((x) => x.name === s.name)!.cases.filter((c) => c.flaky).length,
          },
        };
        writeAtomic(join(out, `${s.name}.json`), `${JSON.stringify(one, null, 2)}\n`);
      }
    console.error(`baseline written to ${out}`);
  }

  let code = 0;
  let comparison;
  if (values.baseline) {
    comparison = compareWithBaseline(report, readBaselinePath(values.baseline, runnable), threshold ?? 0);
    console.log(formatComparison(comparison, threshold ?? 0));
    if (!comparison.ok) code = 1;
  } else if (threshold !== undefined) {
    const low = [report.totals.passRate, ...report.suites.map((s) => s.passRate)].some((r) => r < threshold);
    if (low) {
      console.log(`pass rate below threshold ${(threshold * 100).toFixed(1)}%`);
      code = 1;
    }
  } else if (!values['save-baseline'] && report.totals.passed < report.totals.total) code = 1;
  if (values.html) writeAtomic(values.html, renderHtml(report, comparison));
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : ((err as Error).stack ?? String(err)));
      process.exit(2);
    },
  );
}
