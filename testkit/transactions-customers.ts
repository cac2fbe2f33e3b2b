import type { Customer } from '../domain/index.ts';

/** A valid customer for tests and benchmarks; override what the test is about. */
export function sampleCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'T0001',
    name: 'Test Person',
    age: 34,
    income: 52_000,
    creditScore: 700,
    creditUtilization: 0.4,
    loanAmount: 0,
    savingsBalance: 8_000,
    digitalEngagement: 0.7,
    tenureYears: 4,
    lifeStage: 'young_professional',
    riskTolerance: 'medium',
    investmentHorizon: 'medium',
    segment: 'mass',
    goals: ['travel'],
    productsHeld: [],
    ...overrides,
  };
}

/** `count` varied customers without the full synthetic generator (cheap, for memory/throughput runs). */
export function* variedCustomers(count: number, start = 0): Generator<Customer> {
  const stages = [
    'student',
    'young_professional',
    'young_family',
    'established_family',
    'pre_retirement',
    'retired',
  ] as const;
  for (let i = start; i < start + count; i++) {
    yield sampleCustomer({
      id: `V${String(i).padStart(8, '0')}`,
      income: 12_000 + ((i * 7919) % 150_000),
      creditUtilization: ((i * 37) % 100) / 100,
      loanAmount: i % 3 === 0 ? 0 : (i * 131) % 40_000,
      savingsBalance: (i * 977) % 120_000,
      digitalEngagement: ((i * 53) % 100) / 100,
      lifeStage: stages[i % stages.length]!,
      segment: i % 11 === 0 ? 'small_business' : 'mass',
      age: 20 + (i % 60),
    });
  }
}
