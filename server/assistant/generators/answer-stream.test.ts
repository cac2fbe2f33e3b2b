import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnswerFieldStreamer } from './answer-stream.ts';

function streamAll(json: string, cuts: number[]): string {
  const s = new AnswerFieldStreamer();
  let out = '';
  let prev = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < json.length).sort((a, b) => a - b), json.length]) {
    out += s.push(json.slice(prev, c));
    prev = c;
  }
  return out;
}

describe('AnswerFieldStreamer', () => {
  it('extracts the answer value with escapes, whatever the chunking', () => {
    const obj = {
      answer: 'Hi "Ada",\nsee [P1] \\ caf\u00e9 \u2603',
      recommendations: [{ productId: 'x', why: 'answer', risks: 'r' }],
    };
    const json = JSON.stringify(obj);
    expect(streamAll(json, [])).toBe(obj.answer);
    for (let i = 1; i < json.length; i++) expect(streamAll(json, [i])).toBe(obj.answer);
    expect(streamAll(JSON.stringify(obj).replace('\\u2603', '\\u2603'), [3, 14, 15, 16, 17])).toBe(obj.answer);
  });

  it('ignores nested "answer" keys and values equal to "answer", handles whitespace and unicode escapes', () => {
    expect(streamAll('{ "meta": {"answer": "no"}, "x": "answer",  "answer" :  "yes \\u00e9" }', [5, 30])).toBe('yes é');
  });

  it('is not fooled by escaped quotes in earlier strings', () => {
    expect(streamAll('{"note": "a \\"answer\\": \\"x", "answer": "real"}', [])).toBe('real');
  });

  it('matches JSON.parse on arbitrary answers and chunkings (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.nat(200)), (answer, cuts) => {
        const json = JSON.stringify({ answer, recommendations: [] });
        return streamAll(json, cuts) === answer;
      }),
      { numRuns: 300 },
    );
  });
});
