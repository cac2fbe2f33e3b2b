import { UnavailableError } from '../lib/errors/index.ts';

/** A stand-in for a part a test app does not use: any property access answers 503 when called. */
export function unavailablePart<T>(name: string): T {
  const unavailable = () => {
    throw new UnavailableError(`${name} is not part of this test app`);
  };
  return new Proxy({}, { get: () => unavailable }) as T;
}
