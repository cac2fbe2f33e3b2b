/**
 * Chat-format rendering. Zephyr-7B-beta's own Jinja chat template (tokenizer_config.json of
 * HuggingFaceH4/zephyr-7b-beta) renders, under transformers' `trim_blocks`/`lstrip_blocks`:
 *
 *   <|system|>\n{content}</s>\n<|user|>\n{content}</s>\n<|assistant|>\n{content}</s>\n ... <|assistant|>\n
 *
 * i.e. each message is `<|role|>\n` + content + eos (`</s>`) + the newline that follows the
 * `{{ }}` expression in the template, and the generation prompt is `<|assistant|>` + newline.
 * Pure function, no I/O; the llama backend tokenizes this string with special tokens enabled so
 * `</s>` becomes the EOS token exactly as in the reference template.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const ZEPHYR_EOS = '</s>';

export function renderZephyr(
  messages: readonly ChatMessage[],
  options: { addGenerationPrompt?: boolean } = {},
): string {
  const addGenerationPrompt = options.addGenerationPrompt ?? true;
  let out = '';
  for (const m of messages) out += `<|${m.role}|>\n${m.content}${ZEPHYR_EOS}\n`;
  if (addGenerationPrompt && messages.length > 0) out += '<|assistant|>\n';
  return out;
}

/** Model files / chat templates that use the Zephyr format. */
export function isZephyrModel(info: { fileName?: string; chatTemplate?: string }): boolean {
  if (
    info.chatTemplate?.includes('<|assistant|>') &&
    info.chatTemplate.includes('<|user|>') &&
    info.chatTemplate.includes('eos_token')
  )
    return true;
  return /zephyr/i.test(info.fileName ?? '');
}
