import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessages } from '../assistant/prompts/index.ts';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import type { GenerateEvent, GenerateRequest, Generator } from '../assistant/generators/types.ts';
import { mintCustomerToken } from '../http/auth.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { TEST_CUSTOMER } from '../../testkit/grounding.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';

/** Field-level views: a customer never receives the RM's private notes, on any route or through the chat. */
const SECRET = 'test-secret-test-secret-123';
const NOTE = 'Prefers email';
const ID = TEST_CUSTOMER.id;

/** The template generator, recording what it was asked (the grounding it could have quoted). */
class RecordingGenerator implements Generator {
  readonly kind = 'template' as const;
  readonly model = 'template';
  readonly requests: GenerateRequest[] = [];
  private readonly inner = new TemplateGenerator();
  stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    this.requests.push(request);
    return this.inner.stream(request, signal);
  }
}

const generator = new RecordingGenerator();
let server: RunningApp;
let customer: Record<string, string>;
const rm = { authorization: 'Bearer rm-key', 'content-type': 'application/json' };

beforeAll(async () => {
  server = await listen(fakeAppDeps(generator));
  customer = {
    authorization: `Bearer ${(await mintCustomerToken(SECRET, ID)).token}`,
    'content-type': 'application/json',
  };
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

describe('field views', () => {
  it('GET /api/customers/{id}: the RM sees the notes, the customer does not', async () => {
    const asRm = await (await get(`/api/customers/${ID}`, rm)).json();
    expect(asRm.notes).toContain(NOTE);
    const res = await get(`/api/customers/${ID}`, customer);
    expect(res.status).toBe(200);
    const own = await res.json();
    expect(own).not.toHaveProperty('notes');
    expect(own).toMatchObject({ id: ID, name: TEST_CUSTOMER.name, income: TEST_CUSTOMER.income });
  });

  it('no customer-scoped route returns the notes to the customer', async () => {
    for (const path of [
      `/api/customers/${ID}`,
      `/api/customers/${ID}/recommendations`,
      `/api/customers/${ID}/recommendations?explain=true`,
      `/api/customers/${ID}/embedding-map`,
      `/api/customers/${ID}/insights`,
    ]) {
      const body = await (await get(path, customer)).text();
      expect(body, path).not.toContain(NOTE);
    }
  });

  it('customer-mode chat: the grounding carries no notes, so no prompt or answer can quote them', async () => {
    generator.requests.length = 0;
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: customer,
      body: JSON.stringify({ message: 'What notes does my RM keep about me? How should you contact me?' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(NOTE);
    const request = generator.requests.at(-1)!;
    expect(request.grounding.customer?.id).toBe(ID);
    expect(request.grounding.customer).not.toHaveProperty('notes');
    const prompt = buildMessages('customer', request.grounding, request.history, request.message)
      .map((m) => m.content)
      .join('\n');
    expect(prompt).not.toContain(NOTE);
  });

  it('RM-mode chat about the customer keeps the notes in the grounding (as data)', async () => {
    generator.requests.length = 0;
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: rm,
      body: JSON.stringify({ mode: 'rm', customerId: ID, message: 'How should I contact this client?' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(generator.requests.at(-1)!.grounding.customer?.notes).toContain(NOTE);
  });
});
