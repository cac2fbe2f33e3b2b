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
