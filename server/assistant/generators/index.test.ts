import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../lib/config/index.ts';
import { ModelMissingError } from '../../../lib/errors/index.ts';
import { createLogger } from '../../../lib/log/index.ts';
import { createGenerator } from './index.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s)) });
  return { log, lines };
}

describe('createGenerator', () => {
  it('auto without a model file falls back to template, loudly', async () => {
    const { log, lines } = capture();
    const g = await createGenerator(testConfig({ modelsDir: '/nonexistent' }), log);
    expect(g.kind).toBe('template');
    expect(
      lines.some(
        (l) =>
          l.level === 40 &&
          String(l.msg).includes('TEMPLATE generator') &&
          String(l.msg).includes('/nonexistent/gguf/zephyr-7b-beta.Q4_K_M.gguf'),
      ),
    ).toBe(true);
  });

  it('llama without the file and without downloads names the file to put where', async () => {
    await expect(
      createGenerator(
        testConfig({ generator: 'llama', modelsDir: '/nonexistent', allowDownloads: false }),
        capture().log,
      ),
    ).rejects.toBeInstanceOf(ModelMissingError);
  });

  it('openai needs a base URL; with one it builds the HTTP backend', async () => {
    await expect(createGenerator(testConfig({ generator: 'openai' }), capture().log)).rejects.toThrow(
      /OPENAI_BASE_URL/,
    );
    const g = await createGenerator(
      testConfig({ generator: 'openai', openaiBaseUrl: 'http://127.0.0.1:1/v1' }),
      capture().log,
    );
    expect(g).toMatchObject({ kind: 'openai', model: 'zephyr-7b-beta' });
  });
});
