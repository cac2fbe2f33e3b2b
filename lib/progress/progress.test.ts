import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from './index.ts';

describe('progress', () => {
  it('prints plain lines with rate and ETA when not a TTY', () => {
    const out: string[] = [];
    const p = createProgress({
      label: 'embed',
      total: 100,
      unit: 'customers',
      intervalMs: 0,
      stream: { write: (s: string) => out.push(s), isTTY: false },
    });
    p.tick(50);
    p.done();
    expect(out[0]).toMatch(/^embed 50\/100 customers 50\.0% [\d.]+ customers\/s ETA /);
    expect(out.at(-1)).toMatch(/100|50\/100.* in /);
  });
  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });
});
