import type { GenerateEvent, GenerateRequest, Generator } from '../server/assistant/generators/types.ts';

/** A generator that holds every request until `releaseAll()` (or its signal aborts): open chats on demand. */
export class HeldGenerator implements Generator {
  readonly kind = 'llama' as const;
  readonly model = 'held.gguf';
  private waiting: (() => void)[] = [];
  started = 0;

  releaseAll(): void {
    for (const w of this.waiting.splice(0)) w();
  }

  async *stream(_request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    this.started++;
    await new Promise<void>((resolve, reject) => {
      this.waiting.push(resolve);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    yield { type: 'text-delta', delta: 'Done.' };
    yield {
      type: 'final',
      answer: { answer: 'Done.', recommendations: [] },
      usage: { promptTokens: 1, completionTokens: 1 },
    };
  }
}
