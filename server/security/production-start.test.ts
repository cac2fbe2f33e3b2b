import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Production mode refuses to start with development credentials: the real server process, spawned
 * as `npm run serve` would, exits 2 before opening any port and names each offending variable.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function start(env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('MERIDIAN_') && k !== 'NODE_ENV'),
  );
  return spawnSync(TSX, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...clean, ...env, PORT: '0', CHROMA_URL: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('production start', () => {
  it('refuses the built-in staff key and JWT secret, naming both variables', () => {
    const r = start({ NODE_ENV: 'production', MERIDIAN_SUPERVISOR_API_KEYS: 'meridian-dev-rm-key' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/MERIDIAN_SUPERVISOR_API_KEYS holds the built-in development key/);
    expect(r.stderr).toMatch(/MERIDIAN_JWT_SECRET is the built-in development secret/);
  });

  it('refuses a JWT secret under 32 bytes (MERIDIAN_ENV=production)', () => {
    const r = start({
      MERIDIAN_ENV: 'production',
      MERIDIAN_RM_API_KEYS: `rm-01=${'k'.repeat(32)}`,
      MERIDIAN_JWT_SECRET: 'x'.repeat(20),
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/MERIDIAN_JWT_SECRET is 20 bytes; production needs at least 32/);
    expect(r.stderr).not.toMatch(/API_KEYS/);
  });
});
