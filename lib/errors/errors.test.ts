import { describe, expect, it } from 'vitest';
import { TimeoutError, ValidationError, withTimeout } from './index.ts';

describe('errors', () => {
  it('validation errors name the field', () => {
    const e = new ValidationError('query', 'must not be empty');
    expect(e.status).toBe(400);
    expect(e.message).toBe('query: must not be empty');
  });
  it('withTimeout aborts the signal and rejects', async () => {
    let aborted = false;
    await expect(
      withTimeout(
        20,
        'slow thing',
        (signal) =>
          new Promise((r) => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
            setTimeout(r, 200);
          }),
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(aborted).toBe(true);
  });
  it('withTimeout resolves fast work', async () => {
    await expect(withTimeout(1000, 'fast', async () => 7)).resolves.toBe(7);
  });
});
