import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSuiteArgs, globToRegExp } from './files.ts';
import { parseSuite, SuiteError } from './load.ts';

const good = `suite: demo
description: a demo suite
defaults:
  assertions:
    - type: no-foreign-pii
profiles:
  nana:
    id: EV-NANA
    name: Nana Test
    age: 80
    income: 12000
    creditScore: 600
    creditUtilization: 0.1
    loanAmount: 0
    savingsBalance: 5000
    digitalEngagement: 0.1
    tenureYears: 40
    lifeStage: retired
    riskTolerance: low
    investmentHorizon: short
    segment: mass
    goals: []
    productsHeld: []
cases:
  - id: first
    description: ask
    profile: nana
    turns:
      - user: hello
    assertions:
      - type: contains
        value: hello
        weight: 2
  - id: rm-search
    description: filter
    mode: rm
    search: { query: credit score over 750 }
    assertions:
      - type: results-satisfy
        value: { where: [{ field: creditScore, op: gt, value: 750 }] }
`;

function errorsOf(text: string): SuiteError {
  try {
    parseSuite(text, 'suites/x.yaml');
  } catch (err) {
    if (err instanceof SuiteError) return err;
    throw err;
  }
  throw new Error('expected a SuiteError');
}

describe('suite loading', () => {
  it('parses a valid suite: defaults merged by kind, profiles resolved, lines recorded', () => {
    const s = parseSuite(good, 'suites/x.yaml');
    expect(s.cases.map((c) => c.id)).toEqual(['first', 'rm-search']);
    const [chat, search] = s.cases;
    expect(chat!.customerId).toBe('EV-NANA');
    expect(chat!.assertions.map((a) => a.type)).toEqual(['contains', 'no-foreign-pii']);
    expect(chat!.assertions[0]!.weight).toBe(2);
    expect(chat!.where).toBe('suites/x.yaml:25');
    expect(chat!.assertions[0]!.where).toBe('suites/x.yaml:31');
    expect(search!.search).toEqual({ query: 'credit score over 750', k: 3 });
    expect(s.profiles.map((p) => p.id)).toEqual(['EV-NANA']);
  });

  it('reports an unknown assertion type at its file:line', () => {
    const e = errorsOf(good.replace('type: contains', 'type: containz'));
    expect(e.message).toMatch(
      /^suites\/x\.yaml:31:\d+: cases\[0\]\.assertions\[0\]\.type: unknown assertion type 'containz'/,
    );
  });

  it('reports a bad assertion value at the value line', () => {
    const e = errorsOf(good.replace('op: gt, value: 750', 'op: greater, value: 750'));
    expect(e.issues[0]!.line).toBe(40);
    expect(e.issues[0]!.path).toMatch(/cases\[1\]\.assertions\[0\]\.value\.where\[0\]\.op/);
  });

  it('reports schema errors (wrong type, unknown key, missing field) with lines', () => {
    const e = errorsOf(
      good
        .replace('        weight: 2', '        weight: heavy')
        .replace('    description: ask\n', '    descripton: ask\n'),
    );
    const byPath = Object.fromEntries(e.issues.map((i) => [i.path, i.line]));
    expect(byPath['cases[0].assertions[0].weight']).toBe(33);
    expect(byPath['cases[0].descripton']).toBe(26);
    expect(e.issues.some((i) => i.path === 'cases[0].description' && i.line === 25)).toBe(true);
  });

  it('reports YAML syntax errors with a line', () => {
    const e = errorsOf('suite: x\ncases:\n  - id: [unclosed\n');
    expect(e.issues[0]!.message).toMatch(/YAML syntax/);
    expect(e.issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('requires an OWASP risk on red-team cases and a kind-appropriate assertion', () => {
    const red = errorsOf(good.replace('description: a demo suite', 'description: a demo suite\nkind: red-team'));
    expect(red.message).toMatch(/must name its OWASP LLM risk/);
    const wrongKind = errorsOf(good.replace('type: results-satisfy', 'type: recommends'));
    expect(wrongKind.message).toMatch(/'recommends' does not apply to search cases/);
    expect(
      errorsOf(good.replace('risk: x', '').replace('    mode: rm\n', '    mode: rm\n    risk: LLM99\n')).issues[0]!
        .path,
    ).toBe('cases[1].risk');
  });

  it('rejects duplicate ids and unknown profiles', () => {
    expect(errorsOf(good.replace('id: rm-search', 'id: first')).message).toMatch(/duplicate case id 'first'/);
    expect(errorsOf(good.replace('profile: nana', 'profile: nobody')).message).toMatch(/unknown profile 'nobody'/);
  });
});

describe('suite file arguments', () => {
  it('expands directories and globs, and errors on a pattern matching nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-files-'));
    writeFileSync(join(dir, 'a.yaml'), good);
    writeFileSync(join(dir, 'b.yml'), good);
    writeFileSync(join(dir, 'c.txt'), '');
    expect(expandSuiteArgs(['.'], dir).map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml', 'b.yml']);
    expect(expandSuiteArgs(['*.yaml'], dir).map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml']);
    expect(() => expandSuiteArgs(['nothing-*.yaml'], dir)).toThrow(/no suite files match/);
    expect(globToRegExp('eval/**/*.yaml').test('eval/suites/red.yaml')).toBe(true);
    expect(globToRegExp('eval/**/*.yaml').test('eval/red.yaml')).toBe(true);
  });
});
