import { createHash } from 'node:crypto';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { readCsv } from '../../../data/importers/rows.ts';

/**
 * Training corpora for the offline embedder. Each source is a named stream of texts. The bank
 * FAQs are split deterministically by a hash of the question: the `heldout` share is NEVER used
 * for training, so FAQ retrieval can be measured on pairs the model has not seen.
 */
export interface CorpusSource {
  name: string;
  texts: () => AsyncIterable<string> | Iterable<string>;
}

export const FAQ_FILE = 'bank-faqs/BankFAQs.csv';
const BANKING77_TRAIN_FILE = 'banking77/train.csv';
/** 1 in HELDOUT_MODULUS FAQ pairs is held out of training. */
const HELDOUT_MODULUS = 5;

export interface FaqPair {
  question: string;
  answer: string;
  cls: string;
  line: number;
}

export function isHeldOutFaq(question: string): boolean {
  const h = createHash('sha256').update(question.trim().toLowerCase()).digest();
  return h.readUInt32BE(0) % HELDOUT_MODULUS === 0;
}

/** Raw FAQ pairs (for training and evaluation only; the `knowledge` collection uses DATA's importer). */
export async function readFaqPairs(sharedDataDir: string): Promise<FaqPair[]> {
  const out: FaqPair[] = [];
  for await (const rec of readCsv(path.join(sharedDataDir, FAQ_FILE))) {
    const question = (rec.values.Question ?? '').trim();
    const answer = (rec.values.Answer ?? '').trim();
    if (question && answer) out.push({ question, answer, cls: (rec.values.Class ?? '').trim(), line: rec.line });
  }
  return out;
}

function faqTrainingSource(sharedDataDir: string): CorpusSource {
  return {
    name: 'bank-faqs (training split)',
    async *texts() {
      for (const p of await readFaqPairs(sharedDataDir))
        if (!isHeldOutFaq(p.question)) yield `${p.question} ${p.answer}`;
    },
  };
}

function banking77Source(sharedDataDir: string): CorpusSource {
  return {
    name: 'banking77 train',
    async *texts() {
      for await (const rec of readCsv(path.join(sharedDataDir, BANKING77_TRAIN_FILE))) {
        const t = (rec.values.text ?? '').trim();
        if (t) yield t;
      }
    },
  };
}

function textsSource(name: string, texts: Iterable<string>): CorpusSource {
  return { name, texts: () => texts };
}

/** Shared-data sources that exist under `sharedDataDir` (missing files are reported, not fatal). */
export function sharedDataSources(sharedDataDir: string): { sources: CorpusSource[]; missing: string[] } {
  const sources: CorpusSource[] = [];
  const missing: string[] = [];
  for (const [file, make] of [
    [FAQ_FILE, faqTrainingSource],
    [BANKING77_TRAIN_FILE, banking77Source],
  ] as const) {
    if (existsSync(path.join(sharedDataDir, file))) sources.push(make(sharedDataDir));
    else missing.push(path.join(sharedDataDir, file));
  }
  return { sources, missing };
}
