import { readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { Score } from './evaluate.ts';

/** One row of the results table in docs/INTENT.md. */
export interface ResultRow {
  model: string;
  features: string;
  protocol: 'mteb' | 'full' | 'published';
  score?: Score;
  note?: string;
}

export const MTEB_MINILM = { accuracy: 0.8004, macroF1: 0.7938 };
const RESULTS_START = '<!-- intent-results:start (written by npm run eval:intent) -->';
const RESULTS_END = '<!-- intent-results:end -->';

const f = (x: number) => x.toFixed(4);
const pm = (x: number, s?: number) => (s === undefined ? f(x) : `${f(x)} ± ${s.toFixed(4)}`);

export function renderResults(rows: ResultRow[], context: { command: string; date: string; machine: string }): string {
  const protocolText = {
    mteb: 'MTEB: 10 × 8/label (616 rows)',
    full: 'full train (10,003 rows)',
    published: 'MTEB leaderboard',
  };
  const lines = [
    RESULTS_START,
    `Produced by \`${context.command}\` on ${context.date} (${context.machine}). Test split: 3,080 rows, all 77 intents.`,
    '',
    '| model | features | protocol | accuracy | macro-F1 | fit+score time | note |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      r.score
        ? `| ${r.model} | ${r.features} | ${protocolText[r.protocol]} | ${pm(r.score.accuracy, r.score.accuracyStd)} | ${pm(r.score.macroF1, r.score.macroF1Std)} | ${r.score.seconds.toFixed(1)} s | ${r.note ?? ''} |`
        : `| ${r.model} | ${r.features} | ${protocolText[r.protocol]} | — | — | — | ${r.note ?? ''} |`,
    ),
    RESULTS_END,
  ];
  return lines.join('\n');
}

/** Replace the generated block of a doc (or append it), atomically. */
export async function writeResultsBlock(file: string, block: string): Promise<void> {
  const current = existsSync(file) ? await readFile(file, 'utf8') : '# Intent detection\n\n';
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + block + current.slice(end + RESULTS_END.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, next);
  await rename(tmp, file);
}
