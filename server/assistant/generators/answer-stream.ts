/**
 * Streams the decoded value of the top-level `"answer"` string out of a JSON object while the
 * JSON is still being generated, so the chat can show text as the model writes it (the grammar
 * puts `answer` first). Scans character by character; escapes split across chunks are buffered.
 */
export class AnswerFieldStreamer {
  private depth = 0;
  private inString = false;
  private escape = false;
  private stringBuf = '';
  private lastKey: string | null = null;
  /** 'scan' → looking for the key; 'colon' → saw "answer", expecting ':'; 'value' → expecting '"'; 'emit' → inside the value; 'done'. */
  private phase: 'scan' | 'afterKey' | 'value' | 'emit' | 'done' = 'scan';
  private pendingEscape = '';
  private afterString = false;

  /** Feed raw JSON text; returns the newly decoded part of the answer (may be ''). */
  push(chunk: string): string {
    let out = '';
    for (const ch of chunk) {
      if (this.phase === 'done') break;
      if (this.phase === 'emit') {
        if (this.pendingEscape) {
          this.pendingEscape += ch;
          const decoded = decodeEscape(this.pendingEscape);
          if (decoded !== undefined) {
            out += decoded;
            this.pendingEscape = '';
          }
          continue;
        }
        if (ch === '\\') this.pendingEscape = '\\';
        else if (ch === '"') this.phase = 'done';
        else out += ch;
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (ch === '\\') this.escape = true;
        else if (ch === '"') {
          this.inString = false;
          this.afterString = true;
          continue;
        } else this.stringBuf += ch;
        continue;
      }
      if (/\s/.test(ch)) continue;
      if (this.phase === 'afterKey') {
        this.phase = ch === ':' ? 'value' : 'scan';
        this.afterString = false;
        continue;
      }
      if (this.phase === 'value') {
        if (ch === '"') {
          this.phase = 'emit';
          continue;
        }
        this.phase = 'scan'; // `answer` is not a string: nothing to stream
      }
      if (this.afterString) {
        this.afterString = false;
        if (ch === ':' && this.depth === 1) {
          this.lastKey = this.stringBuf;
          if (this.lastKey === 'answer') {
            this.phase = 'value';
            continue;
          }
        }
      }
      if (ch === '"') {
        this.inString = true;
        this.stringBuf = '';
      } else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') this.depth--;
    }
    return out;
  }
}

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** undefined while the escape sequence is incomplete. */
function decodeEscape(seq: string): string | undefined {
  const kind = seq[1];
  if (kind === undefined) return undefined;
  if (kind !== 'u') return SIMPLE[kind] ?? kind;
  if (seq.length < 6) return undefined;
  return String.fromCharCode(parseInt(seq.slice(2, 6), 16));
}
