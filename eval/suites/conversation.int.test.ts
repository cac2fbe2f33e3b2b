import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithBaseline,
  formatComparison,
  readBaseline,
  REPORT_SCHEMA_VERSION,
  renderHtml,
  totals,
  type RunReport,
} from '../report/index.ts';
import { formatTable } from '../report/table.ts';
import { writeAtomic } from '../runner/cli.ts';
import { inProcessTarget } from '../runner/in-process.ts';
import { runSuites } from '../runner/run.ts';
import type { EvalTarget } from '../runner/target.ts';
import { loadSuiteFile } from '../suite/index.ts';
import { CONVERSATION_GATE, CONVERSATION_SUITES } from './conversation-gate.ts';

// The conversation suites on the default in-process stack (template generator, every bank FAQ in
// the knowledge collection): every case must get an answer; the pass rate and the baseline are
// enforced once CONVERSATION_GATE.enforce is on. Reports go to artifacts/eval/conversation.*.
describe('conversation suites on the default stack', () => {
  const suites = CONVERSATION_SUITES.map((f) => loadSuiteFile(f));
  let target: EvalTarget;
  beforeAll(async () => {
    target = await inProcessTarget({ knowledge: 0, profiles: suites.flatMap((s) => s.profiles) });
  }, 600_000);
  afterAll(async () => {
    await target?.close();
  });

  it('every case is answered; pass rate and baseline per the gate', async () => {
    const results = await runSuites(suites, { client: target.client, knowledge: target.knowledge, concurrency: 2 });
    const report: RunReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      kind: 'meridian-eval-run',
      createdAt: new Date().toISOString(),
      target: target.describe,
      repeat: 1,
      totals: totals(results),
      suites: results,
    };
    writeAtomic('artifacts/eval/conversation.json', `${JSON.stringify(report, null, 2)}\n`);
    writeAtomic('artifacts/eval/conversation.html', renderHtml(report));
    console.log(formatTable(report, { maxFailures: 0 }));

    const errors = results.flatMap((s) => s.cases.filter((c) => c.attempts.some((a) => a.error)));
    expect(errors.map((c) => `${c.id}: ${c.attempts[0]!.error}`)).toEqual([]);

    if (!CONVERSATION_GATE.enforce) return;
    const baselines = CONVERSATION_SUITES.map((f) =>
      f.replace('eval/suites/', 'eval/baselines/').replace('.yaml', '.json'),
    );
    for (const [i, path] of baselines.entries()) {
      if (!existsSync(path)) continue;
      const cmp = compareWithBaseline(
        { ...report, suites: [results[i]!], totals: totals([results[i]!]) },
        readBaseline(path),
        CONVERSATION_GATE.minPassRate,
      );
      expect(cmp.ok, formatComparison(cmp, CONVERSATION_GATE.minPassRate)).toBe(true);
    }
    expect(report.totals.passRate).toBeGreaterThanOrEqual(CONVERSATION_GATE.minPassRate);
  }, 1_200_000);
});
