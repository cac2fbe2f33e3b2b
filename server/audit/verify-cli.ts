/**
 * `npm run audit:verify [-- <file.jsonl> ...]`: check the hash chains of the answers log and the
 * feedback log (default: both under MERIDIAN_STATE_DIR) or of the files named. Prints one line per
 * log; exits 1 when any record was edited, deleted, reordered or cut off, naming the first one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../lib/config/index.ts';
import { feedbackChainFile, feedbackFile } from '../feedback/store.ts';
import { auditChainFile } from './index.ts';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write('usage: npm run audit:verify [-- <answers.jsonl | feedback.jsonl> ...]\n');
  process.exit(0);
}
const config = loadConfig();
const answers = path.join(config.stateDir, 'audit', 'answers.jsonl');
const files = args.length ? args : [answers, feedbackFile(config.stateDir)];

let failed = false;
for (const file of files) {
  const chained = path.basename(file).startsWith('feedback') ? feedbackChainFile(file) : auditChainFile(file);
  if (!existsSync(file) && !existsSync(chained.headFile)) {
    process.stdout.write(`${file}: no log yet\n`);
    continue;
  }
  const verdict = await chained.verify();
  if (verdict.ok) {
    process.stdout.write(`${file}: ok, ${verdict.count} records, chain intact to seq ${verdict.head.seq}\n`);
  } else {
    failed = true;
    process.stdout.write(`${file}: TAMPERED (${verdict.problem.kind}) ${verdict.problem.message}\n`);
  }
}
process.exit(failed ? 1 : 0);
