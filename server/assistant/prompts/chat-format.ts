/**
 * Chat-format rendering. Zephyr-7B-beta's own Jinja chat template (tokenizer_config.json of
 * HuggingFaceH4/zephyr-7b-beta) renders, under transformers' `trim_blocks`/`lstrip_blocks`:
 *
 *   <|system|>\n{content}</s>\n<|user|>\n{content}</s>\n<|assistant|>\n{content}</s>\n ... <|assistant|>\n
 *
 * i.e. each message is `<|role|>\n` + content + eos (`</s>`) + the newline that follows the
 * `{{ }}` expression in the template, and the generation prompt is `<|assistant|>` + newline.
 * Pure functions, no I/O. The llama backend tokenizes `zephyrSegments`: the template's own markers
 * with special tokens enabled (so `</s>` is the EOS token exactly as in the reference template),
 * message contents as plain text, so a typed `</s><|system|>` stays characters and opens no turn.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const ZEPHYR_EOS = '</s>';

/** The Zephyr rendering as pieces: `control` pieces are the template's markers, the rest is message text. */
export function zephyrSegments(
  messages: readonly ChatMessage[],
  options: { addGenerationPrompt?: boolean } = {},
): { text: string; control: boolean }[] {
  const addGenerationPrompt = options.addGenerationPrompt ?? true;
  const out: { text: string; control: boolean }[] = [];
  for (const m of messages)
    out.push(
      { text: `<|${m.role}|>\n`, control: true },
      { text: m.content, control: false },
      { text: `${ZEPHYR_EOS}\n`, control: true },
    );
  if (addGenerationPrompt && messages.length > 0) out.push({ text: '<|assistant|>\n', control: true });
  return out;
}

export function renderZephyr(
  messages: readonly ChatMessage[],
  options: { addGenerationPrompt?: boolean } = {},
): string {
  return zephyrSegments(messages, options)
    .map((s) => s.text)
    .join('');
}

/**
 * Chat-format control sequences of the common templates (Zephyr, ChatML, Llama 2/3, Mistral).
 * For backends that template and tokenize on their side (an OpenAI-compatible server may parse
 * special tokens in content), a word joiner after the first character keeps the text readable and
 * stops it matching a control token.
 */
const CONTROL_SEQUENCES =
  /<\|[A-Za-z_]+\|>|<\/?s>|\[\/?INST\]|<<\/?SYS>>|<\|(?:im_start|im_end|eot_id|start_header_id|end_header_id)\|>/g;

export function neutralizeChatControls(text: string): string {
  return text.replace(CONTROL_SEQUENCES, (m) => `${m[0]}\u2060${m.slice(1)}`);
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
