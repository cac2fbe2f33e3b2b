import { REFUSALS } from '../prompts/index.ts';
import type { Answer, GenerateEvent, GenerateRequest, Generator, Grounding } from './types.ts';

/**
 * The `template` backend: no LLM. It says what the per-intent composer wrote from the tool
 * results (server/assistant/compose/), streamed word by word like a model would. Every response
 * carrying it is marked `template: true` by the chat layer.
 */
export class TemplateGenerator implements Generator {
  readonly kind = 'template' as const;
  readonly model = 'template';

  async *stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    const answer = templateAnswer(request.grounding);
    let completionTokens = 0;
    for (const piece of answer.answer.match(/\S+\s*/g) ?? []) {
      signal.throwIfAborted();
      completionTokens++;
      yield { type: 'text-delta', delta: piece };
    }
    yield { type: 'final', answer, usage: { promptTokens: 0, completionTokens } };
  }
}

/** The composed answer of the grounding; the no-grounding refusal when there is none. */
function templateAnswer(g: Grounding): Answer {
  if (g.composed) return { answer: g.composed.text, recommendations: g.composed.recommendations };
  return { answer: REFUSALS.noGrounding.text, recommendations: [] };
}
