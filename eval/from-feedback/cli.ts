/**
 * `npm run eval:from-feedback [-- --out eval/suites/feedback-regressions.yaml]`
 * Reads <stateDir>/feedback/feedback.jsonl and the <stateDir>/audit/answers.jsonl, writes a
 * suite of regression cases (validated with the suite parser), and lists the ratings it skipped.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../lib/config/index.ts';
import { feedbackFile, readFeedback } from '../../server/feedback/store.ts';
import { buildFeedbackSuite, readAuditLog, validateSuite } from './build.ts';

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args[outIdx + 1]! : 'eval/suites/feedback-regressions.yaml';
const config = loadConfig();
const feedback = await readFeedback(feedbackFile(config.stateDir));
const auditFile = join(config.stateDir, 'audit', 'answers.jsonl');
const audit = await readAuditLog(auditFile);
const result = buildFeedbackSuite(feedback, audit);
for (const s of result.skipped) process.stderr.write(`skipped ${s.auditId}: ${s.reason}\n`);
if (result.cases === 0) {
  process.stderr.write(
    `no regression cases: ${feedback.length} ratings in ${feedbackFile(config.stateDir)}, ${audit.size} answers in ${auditFile}\n`,
  );
  process.exit(feedback.length === 0 ? 0 : 1);
}
validateSuite(result.yaml, out);
await mkdir(dirname(out), { recursive: true });
await writeFile(`${out}.tmp`, result.yaml);
await rename(`${out}.tmp`, out);
process.stdout.write(`wrote ${result.cases} cases to ${out} (${result.skipped.length} ratings skipped)\n`);
