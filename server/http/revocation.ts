import { appendFile, chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../../lib/config/index.ts';

/**
 * Revoked JWT ids (`jti`). Checked on every authenticated request. The file backend keeps one jti
 * a line (`#` starts a comment) and re-reads the file whenever its size or mtime changes, so an
 * operator can revoke a token by appending a line, with no restart. Other backends (a shared
 * database) implement the same two methods.
 */
export interface RevocationList {
  isRevoked(jti: string): Promise<boolean>;
  revoke(jti: string, note?: string): Promise<void>;
}

const JTI = /^[A-Za-z0-9_-]{1,128}$/;

export class FileRevocationList implements RevocationList {
  private ids = new Set<string>();
  private seen = '';
  constructor(readonly file: string) {}

  async isRevoked(jti: string): Promise<boolean> {
    await this.refresh();
    return this.ids.has(jti);
  }

  async revoke(jti: string, note?: string): Promise<void> {
    if (!JTI.test(jti)) throw new Error(`not a token id: ${JSON.stringify(jti)}`);
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const comment = note ? ` # ${note.replace(/[\r\n]/g, ' ')}` : '';
    await appendFile(this.file, `${jti}${comment}\n`, { flag: 'a', mode: 0o600 });
    await chmod(this.file, 0o600);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    let version: string;
    try {
      const s = await stat(this.file);
      version = `${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.ids = new Set();
      this.seen = '';
      return;
    }
    if (version === this.seen) return;
    const text = await readFile(this.file, 'utf8');
    this.ids = new Set(
      text
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean),
    );
    this.seen = version;
  }
}

/** Where revoked token ids live: MERIDIAN_REVOKED_TOKENS_FILE, else under the state directory. */
export function revokedTokensFile(config: Pick<Config, 'revokedTokensFile' | 'stateDir'>): string {
  return config.revokedTokensFile ?? join(config.stateDir, 'auth', 'revoked-tokens.txt');
}
