/**
 * A tiny, safe markdown subset for model output: paragraphs, "- "/"* " bullet lists, "1." numbered
 * lists, **bold**, *italic* and `code`. Everything else — HTML tags, links, images — stays literal
 * text. The DOM is built only with createElement + createTextNode, never innerHTML, so a
 * `<script>` in an answer is displayed, not run.
 */

export type Inline = { kind: 'text' | 'strong' | 'em' | 'code'; text: string };
export type Block = { kind: 'p'; inlines: Inline[] } | { kind: 'ul' | 'ol'; items: Inline[][] };

const INLINE = /(\*\*[^*\n]+\*\*|`[^`\n]+`|\*[^*\s][^*\n]*\*)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const token = m[0];
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (token.startsWith('**')) out.push({ kind: 'strong', text: token.slice(2, -2) });
    else if (token.startsWith('`')) out.push({ kind: 'code', text: token.slice(1, -1) });
    else out.push({ kind: 'em', text: token.slice(1, -1) });
    last = at + token.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { kind: 'ul' | 'ol'; items: Inline[][] } | undefined;
  const flushPara = () => {
    if (para.length) blocks.push({ kind: 'p', inlines: parseInline(para.join('\n')) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push(list);
    list = undefined;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      flushPara();
      const kind = bullet ? 'ul' : 'ol';
      if (list && list.kind !== kind) flushList();
      list ??= { kind, items: [] };
      list.items.push(parseInline(item[1]));
    } else if (line.trim() === '') {
      flushPara();
      flushList();
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

/** The two DOM calls the renderer uses — a real `document` or a test double. */
export interface NodeFactory {
  createElement(tag: string): HTMLElement;
  createTextNode(text: string): Text;
}

function appendInlines(doc: NodeFactory, parent: HTMLElement, inlines: Inline[]): void {
  for (const inline of inlines) {
    if (inline.kind === 'text') parent.appendChild(doc.createTextNode(inline.text));
    else {
      const el = doc.createElement(inline.kind);
      el.appendChild(doc.createTextNode(inline.text));
      parent.appendChild(el);
    }
  }
}

/** Render markdown-subset text into `target` (its previous children are replaced). */
export function renderSafeMarkdown(doc: NodeFactory, target: HTMLElement, source: string): void {
  while (target.firstChild) target.removeChild(target.firstChild);
  for (const block of parseBlocks(source)) {
    if (block.kind === 'p') {
      const p = doc.createElement('p');
      appendInlines(doc, p, block.inlines);
      target.appendChild(p);
    } else {
      const list = doc.createElement(block.kind);
      for (const item of block.items) {
        const li = doc.createElement('li');
        appendInlines(doc, li, item);
        list.appendChild(li);
      }
      target.appendChild(list);
    }
  }
}
