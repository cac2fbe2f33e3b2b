import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './index.ts';

describe('config', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.embedder).toBe('auto');
    expect(c.chromaUrl).toBeUndefined();
    expect(c.rmApiKeys).toEqual(['meridian-dev-rm-key']);
  });
  it('coerces and validates', () => {
    expect(loadConfig({ PORT: '8080', MERIDIAN_ALLOW_DOWNLOADS: 'false' })).toMatchObject({
      port: 8080,
      allowDownloads: false,
    });
  });
  it('names the variable and what is allowed', () => {
    expect(() => loadConfig({ MERIDIAN_EMBEDDER: 'bert' })).toThrowError(
      /MERIDIAN_EMBEDDER.*one of auto, minilm, offline/,
    );
    expect(() => loadConfig({ PORT: 'x' })).toThrowError(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrowError(/PORT.*≤ 65535/);
    expect(() => loadConfig({ CHROMA_URL: 'nope' })).toThrowError(/CHROMA_URL.*URL/);
  });
  it('DATABASE_URL: unset by default (embedded state), a postgres URL when set, never echoed when wrong', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/meridian' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/meridian',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/m' })).toThrowError(/DATABASE_URL.*postgres/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/m' })).not.toThrowError(/hunter2/);
  });
  it('rejects unknown MERIDIAN_ variables (typos)', () => {
    expect(() => loadConfig({ MERIDIAN_EMBEDER: 'offline' })).toThrowError(/MERIDIAN_EMBEDER: unknown setting/);
  });
  it('masks secrets', () => {
    const shown = describeConfig(loadConfig({ OPENAI_API_KEY: 'sk-secret-value' }));
    expect(shown.openaiApiKey).toBe('sk****');
    expect(JSON.stringify(shown)).not.toContain('secret-value');
    expect(JSON.stringify(shown)).not.toContain('meridian-dev-rm-key');
  });
});
