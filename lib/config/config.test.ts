import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './index.ts';

describe('config', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.embedder).toBe('auto');
    expect(c.chromaUrl).toBeUndefined();
    expect(c.rmApiKeys).toEqual([]);
    expect(c.supervisorApiKeys).toEqual(['meridian-dev-rm-key']);
  });
  it('RM keys name their RM; a bare key, or one key listed twice, is refused', () => {
    expect(loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=key-one,rm-02=key=two' }).rmApiKeys).toEqual([
      { rmId: 'rm-01', key: 'key-one' },
      { rmId: 'rm-02', key: 'key=two' },
    ]);
    expect(() => loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=a,bare-key' })).toThrowError(
      /MERIDIAN_RM_API_KEYS.*entry 2 names no RM: write <rm id>=<key>/,
    );
    expect(() => loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=a,bare-key' })).not.toThrowError(/bare-key/);
    expect(() => loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=same,rm-02=same' })).toThrowError(/listed more than once/);
    expect(() => loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=same', MERIDIAN_SUPERVISOR_API_KEYS: 'same' })).toThrowError(
      /listed more than once/,
    );
    const shown = describeConfig(loadConfig({ MERIDIAN_RM_API_KEYS: 'rm-01=secret-key-value' }));
    expect(shown.rmApiKeys).toEqual(['rm-01=****']);
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
  it('allows the demo host origin by default in development only', () => {
    expect(loadConfig({}).corsOrigins).toContain('http://127.0.0.1:3001');
    expect(loadConfig({ MERIDIAN_DEMO_PORT: '4100' }).corsOrigins).toContain('http://localhost:4100');
    expect(loadConfig({ NODE_ENV: 'test' }).corsOrigins).not.toContain('http://127.0.0.1:3001');
    expect(loadConfig({ MERIDIAN_CORS_ORIGINS: 'https://bank.example' }).corsOrigins).toEqual(['https://bank.example']);
    expect(loadConfig({ MERIDIAN_DEMO_PORT: '0' }).corsOrigins).toHaveLength(2);
  });
});

describe('production mode', () => {
  const strong = {
    MERIDIAN_RM_API_KEYS: `rm-01=${'k'.repeat(24)}`,
    MERIDIAN_SUPERVISOR_API_KEYS: 'v'.repeat(24),
    MERIDIAN_JWT_SECRET: 's'.repeat(32),
  };
  it('refuses the built-in credentials, naming each variable', () => {
    for (const env of [{ NODE_ENV: 'production' }, { MERIDIAN_ENV: 'production' }]) {
      expect(() => loadConfig(env)).toThrowError(/MERIDIAN_JWT_SECRET is the built-in development secret/);
    }
    const devKey = { NODE_ENV: 'production', MERIDIAN_JWT_SECRET: 's'.repeat(32) };
    expect(() => loadConfig({ ...devKey, MERIDIAN_SUPERVISOR_API_KEYS: 'meridian-dev-rm-key' })).toThrowError(
      /MERIDIAN_SUPERVISOR_API_KEYS holds the built-in development key/,
    );
    expect(() => loadConfig({ ...devKey, MERIDIAN_RM_API_KEYS: 'rm-01=meridian-dev-rm-key' })).toThrowError(
      /MERIDIAN_RM_API_KEYS holds the built-in development key/,
    );
    // Unset, production has no supervisor key at all (the demo's is a development default).
    expect(loadConfig(devKey).supervisorApiKeys).toEqual([]);
  });
  it('refuses a JWT secret shorter than 32 bytes and short staff keys', () => {
    expect(() => loadConfig({ ...strong, NODE_ENV: 'production', MERIDIAN_JWT_SECRET: 's'.repeat(31) })).toThrowError(
      /MERIDIAN_JWT_SECRET is 31 bytes; production needs at least 32/,
    );
    expect(() => loadConfig({ ...strong, NODE_ENV: 'production', MERIDIAN_RM_API_KEYS: 'rm-01=short' })).toThrowError(
      /MERIDIAN_RM_API_KEYS has a key of 5 bytes/,
    );
    expect(() => loadConfig({ ...strong, NODE_ENV: 'production', MERIDIAN_SUPERVISOR_API_KEYS: 'tiny' })).toThrowError(
      /MERIDIAN_SUPERVISOR_API_KEYS has a key of 4 bytes/,
    );
  });
  it('starts with strong credentials; downloads off unless enabled', () => {
    const c = loadConfig({ ...strong, NODE_ENV: 'production' });
    expect(c).toMatchObject({ production: true, allowDownloads: false });
    expect(loadConfig({ ...strong, MERIDIAN_ENV: 'production', MERIDIAN_ALLOW_DOWNLOADS: 'true' }).allowDownloads).toBe(
      true,
    );
    expect(loadConfig({}).allowDownloads).toBe(true);
  });
});
