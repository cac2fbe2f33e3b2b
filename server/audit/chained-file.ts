import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ChainAnchor,
  type ChainHead,
  type Chained,
  type ChainVerdict,
  EMPTY_HEAD,
  seal,
  verifyChain,
} from './chain.ts';

/** Stored beside the log (`<file>.head.json`): the last seal and, after pruning, where the chain starts. */
interface HeadFile {
  head: ChainHead;
  anchor?: ChainAnchor;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * An append-only JSONL file whose records are hash-chained (server/audit/chain.ts). Created 0600 in
 * a 0700 folder (an existing file is tightened to 0600 on open). Appends are serialized in-process:
 * one writer process per file (a shared database backend is for several).
 */
export class ChainedJsonlFile<T extends object> {
  readonly headFile: string;
  private state?: Promise<HeadFile>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: { timeOf: (record: T) => string | undefined; idOf?: (record: T) => string | undefined },
  ) {
    this.headFile = `${file}.head.json`;
  }

  append(body: T): Promise<Chained<T>> {
    const write = this.queue.then(async () => {
      const state = await this.open();
      const { record, head } = seal(body, state.head);
      await appendFile(this.file, `${JSON.stringify(record)}\n`, { flag: 'a', mode: FILE_MODE });
      state.head = head;
      await this.writeHead(state);
      return record;
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Every parsed record in file order; a torn or unparsable line is kept as `null` (verify reports it). */
  async readAll(): Promise<(Chained<T> | null)[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.map((line) => {
      try {
        return JSON.parse(line) as Chained<T>;
      } catch {
        return null;
      }
    });
  }

  async verify(): Promise<ChainVerdict> {
    const stored = await this.readHead();
    const idOf = this.options.idOf;
    return verifyChain(await this.readAll(), {
      anchor: stored?.anchor,
      head: stored?.head,
      idOf: idOf ? (r) => idOf(r as T) : undefined,
    });
  }

  /**
   * Drop records older than `before` (retention). The kept records keep their seals; the anchor in
   * the head file records where the chain now starts, so verification still covers every kept
   * record and the head. Returns how many records were dropped.
   */
  prune(before: Date): Promise<number> {
    const run = this.queue.then(async () => {
      const state = await this.open();
      const records = await this.readAll();
      const cutoff = before.toISOString();
      let drop = 0;
      while (drop < records.length) {
        const r = records[drop];
        const at = r ? this.options.timeOf(r) : undefined;
        if (!r || at === undefined || at >= cutoff) break;
        drop++;
      }
      if (drop === 0) return 0;
      const kept = records.slice(drop);
      const first = kept[0];
      state.anchor = first
        ? { seq: first.chain.seq, prevHash: first.chain.prevHash }
        : { seq: state.head.seq + 1, prevHash: state.head.hash };
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, kept.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: FILE_MODE });
      await rename(tmp, this.file);
      await this.writeHead(state);
      return drop;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private open(): Promise<HeadFile> {
    this.state ??= (async () => {
      await mkdir(path.dirname(this.file), { recursive: true, mode: DIR_MODE });
      if (existsSync(this.file) && ((await stat(this.file)).mode & 0o077) !== 0) await chmod(this.file, FILE_MODE);
      const stored = await this.readHead();
      // No head yet (a log from before chaining, or the head was lost): continue from the last sealed line.
      const last = stored ? undefined : (await this.readAll()).filter((r) => r?.chain).at(-1);
      return stored ?? { head: last ? { seq: last.chain.seq, hash: last.chain.hash } : { ...EMPTY_HEAD } };
    })();
    return this.state;
  }

  private async readHead(): Promise<HeadFile | undefined> {
    try {
      return JSON.parse(await readFile(this.headFile, 'utf8')) as HeadFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async writeHead(state: HeadFile): Promise<void> {
    const tmp = `${this.headFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(state), { mode: FILE_MODE });
    await rename(tmp, this.headFile);
  }
}
