import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.ts';

describe('eval CLI (no target needed)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits 2 and prints every suite problem as file:line before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'suite: bad\ndescription: d\ncases:\n  - id: a\n    description: x\n    customer: C1\n    turns: [{ user: hi }]\n    assertions:\n      - type: containz\n        value: y\n',
    );
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(String(m)));
    expect(await main([file])).toBe(2);
    expect(errors.join('\n')).toMatch(
      /bad\.yaml:9:\d+: cases\[0\]\.assertions\[0\]\.type: unknown assertion type 'containz'/,
    );
  });

  it('rejects bad options with exit code 2 semantics (UsageError)', async () => {
    await expect(main(['--repeat', '0', 'eval/suites'])).rejects.toThrow(/--repeat: expected a positive integer/);
    await expect(main(['--threshold', '150%', 'eval/suites'])).rejects.toThrow(/--threshold/);
  });
});
