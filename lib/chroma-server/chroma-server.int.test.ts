import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../errors/index.ts';
import { chromaForConfig, freePort, heartbeat, startChroma } from './index.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'meridian-chroma-life-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('chroma child process', () => {
  it('starts `chroma run`, answers the heartbeat, persists, and stops cleanly', async () => {
    const dataDir = tempDir();
    const server = await startChroma({ dataDir, port: await freePort(), handleSignals: false });
    expect(server.external).toBe(false);
    expect(server.pid).toBeGreaterThan(0);
    await heartbeat(server.url);
    await server.stop();
    expect(await waitUntil(() => !alive(server.pid!), 5000)).toBe(true);
    expect(alive(server.watchdogPid!)).toBe(false);
    await expect(heartbeat(server.url, 500)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('leaves no orphan when the parent process is SIGKILLed', async () => {
    const dataDir = tempDir();
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'start-and-wait.ts');
    const parent = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      parent.stdout!.on('data', (b: Buffer) => {
        buf += b.toString();
        if (buf.includes('\n')) resolve(buf.split('\n')[0]);
      });
      parent.once('exit', (code) => reject(new Error(`helper exited early (${code})`)));
    });
    const { url, pid, watchdogPid } = JSON.parse(line) as { url: string; pid: number; watchdogPid: number };
    await heartbeat(url);
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !alive(pid) && !alive(watchdogPid), 10_000)).toBe(true);
    await expect(heartbeat(url, 500)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('uses CHROMA_URL instead of starting a child, and reports a dead URL as unavailable', async () => {
    const dataDir = tempDir();
    const server = await startChroma({ dataDir, port: await freePort(), handleSignals: false });
    try {
      const external = await chromaForConfig({ chromaUrl: server.url, chromaPort: 1, stateDir: dataDir });
      expect(external.external).toBe(true);
      expect(external.url).toBe(server.url);
    } finally {
      await server.stop();
    }
    await expect(
      chromaForConfig({ chromaUrl: server.url, chromaPort: 1, stateDir: dataDir }, { timeoutMs: 500 }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });
});
