import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, renderSafeMarkdown, type NodeFactory } from '../src/shared/safe-markdown.ts';
import { chipLabel, queryWithout } from '../src/console/chips.ts';

/** A minimal DOM double whose innerHTML/outerHTML/insertAdjacentHTML throw: the renderer must never use them. */
class FakeNode {
  children: FakeNode[] = [];
  constructor(
    readonly tag: string,
    readonly text = '',
  ) {}
  get firstChild() {
    return this.children[0] ?? null;
  }
  appendChild(n: FakeNode) {
    this.children.push(n);
    return n;
  }
  removeChild(n: FakeNode) {
    this.children = this.children.filter((c) => c !== n);
    return n;
  }
  get textContent(): string {
    return this.tag === '#text' ? this.text : this.children.map((c) => c.textContent).join('');
  }
  set innerHTML(_v: string) {
    throw new Error('innerHTML used');
  }
  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML used');
  }
  /** Serialise as a tree so tests can see structure. */
  shape(): unknown {
    return this.tag === '#text' ? this.text : { [this.tag]: this.children.map((c) => c.shape()) };
  }
}
const doc: NodeFactory = {
  createElement: (tag) => new FakeNode(tag) as unknown as HTMLElement,
  createTextNode: (text) => new FakeNode('#text', text) as unknown as Text,
};
const render = (src: string) => {
  const root = new FakeNode('div');
  renderSafeMarkdown(doc, root as unknown as HTMLElement, src);
  return root;
};

describe('safe markdown renderer', () => {
  it('keeps script injection as literal text nodes — no element is created from it', () => {
    const evil = 'Hi <script>alert(1)</script> and <img src=x onerror="alert(2)"> [x](javascript:alert(3))';
    const root = render(evil);
    expect(root.shape()).toEqual({ div: [{ p: [evil] }] });
    expect(root.textContent).toBe(evil);
  });

  it('renders the subset: paragraphs, lists, bold, italic, code', () => {
    const root = render('**Top pick**: the *Cash ISA*\n\n- no fees\n- `3.1%` AER\n\n1. open\n2. fund');
    expect(root.shape()).toEqual({
      div: [
        { p: [{ strong: ['Top pick'] }, ': the ', { em: ['Cash ISA'] }] },
        { ul: [{ li: ['no fees'] }, { li: [{ code: ['3.1%'] }, ' AER'] }] },
        { ol: [{ li: ['open'] }, { li: ['fund'] }] },
      ],
    });
  });

  it('markup inside bold/code stays text', () => {
    expect(parseInline('**<b>x</b>** `<script>`')).toEqual([
      { kind: 'strong', text: '<b>x</b>' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: '<script>' },
    ]);
  });

  it('re-rendering replaces previous content (streaming repaints)', () => {
    const root = new FakeNode('div');
    renderSafeMarkdown(doc, root as unknown as HTMLElement, 'one');
    renderSafeMarkdown(doc, root as unknown as HTMLElement, 'one two');
    expect(root.textContent).toBe('one two');
    expect(parseBlocks('')).toEqual([]);
  });
});

describe('filter chips', () => {
  it('removes the constraint phrase and dangling joiners from the query', () => {
    const q = 'customers with credit score over 750 interested in investment products';
    expect(queryWithout(q, 'credit score over 750')).toBe('customers interested in investment products');
    expect(queryWithout('high-income customers nearing retirement', 'nearing retirement')).toBe(
      'high-income customers',
    );
    expect(queryWithout('customers aged between 30 and 40 and income over 50k', 'income over 50k')).toBe(
      'customers aged between 30 and 40',
    );
    expect(queryWithout('anything', 'not there')).toBe('anything');
  });

  it('labels a chip with how it was understood', () => {
    expect(chipLabel({ field: 'creditScore', op: 'gt', value: 750, text: 'over 750' })).toBe('creditScore > 750');
    expect(
      chipLabel({ field: 'products', op: 'holds_none', value: ['mortgage_fixed'], text: 'without a mortgage' }),
    ).toBe('products holds none of mortgage_fixed');
  });
});
