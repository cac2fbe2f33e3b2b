import { describe, expect, it } from 'vitest';
import { InMemoryConversationStore } from './conversation-store.ts';

describe('InMemoryConversationStore', () => {
  it('bounds turns, expires idle conversations and evicts least recently used', async () => {
    let now = 0;
    const store = new InMemoryConversationStore({ maxTurns: 3, ttlMs: 1000, maxConversations: 2, now: () => now });
    const meta = (id: string) => ({ id, ownerId: 'o', mode: 'customer' as const });
    await store.append(meta('a'), [
      { role: 'user', content: '1' },
      { role: 'assistant', content: '2' },
    ]);
    await store.append(meta('a'), [
      { role: 'user', content: '3' },
      { role: 'assistant', content: '4' },
    ]);
    expect((await store.get('a'))!.turns.map((t) => t.content)).toEqual(['2', '3', '4']);
    now = 500;
    await store.append(meta('b'), []);
    await store.append(meta('c'), []);
    expect(await store.get('a')).toBeUndefined(); // LRU evicted beyond 2
    expect(store.size).toBe(2);
    now = 1600;
    expect(await store.get('b')).toBeUndefined(); // expired
  });
});

describe('conversation state', () => {
  it('is stored with the conversation, kept when a turn passes none, and bounded', async () => {
    const store = new InMemoryConversationStore();
    const meta = { id: 'x', ownerId: 'o', mode: 'rm' as const };
    const ids = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(7, '0')}`);
    await store.append(meta, [], { listedProducts: ['savings-isa'], listedClients: ids, focusClientId: 'C0000001' });
    const kept = await store.append(meta, [{ role: 'user', content: 'hi' }]);
    expect(kept.state.focusClientId).toBe('C0000001');
    expect(kept.state.listedProducts).toEqual(['savings-isa']);
    expect(kept.state.listedClients).toHaveLength(25);
    expect(kept.state.listedClients[0]).toBe(ids[0]);
  });

  it('reads a malformed stored state as a fresh one', async () => {
    const { readState } = await import('./dialogue/state.ts');
    expect(readState({ listedProducts: 'nope' })).toEqual({ listedProducts: [], listedClients: [] });
    expect(readState(undefined)).toEqual({ listedProducts: [], listedClients: [] });
  });
});
