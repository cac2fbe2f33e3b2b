import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Customer } from '../../domain/index.ts';
import { registry } from '../assertions/index.ts';
import type { EvalCase, LoadedSuite, ResolvedAssertion } from './case.ts';
import { SuiteSchema, type OwaspRiskId, type SuiteFile } from './schema.ts';

export interface SuiteIssue {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** Malformed suite: every problem, each with file:line. */
export class SuiteError extends Error {
  constructor(readonly issues: SuiteIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
    this.name = 'SuiteError';
  }
}

type PathKey = string | number;

const formatPath = (path: readonly PathKey[]) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

/**
 * The YAML node nearest to `path`: the value node when it exists, else the deepest ancestor that
 * does (a missing key is reported where its parent mapping starts).
 */
function nodeAt(doc: Document, path: readonly PathKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let best = node as Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return best;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) return best;
    } else return best;
    if (node && typeof node === 'object' && 'range' in (node as object)) best = node as Node;
  }
  return best;
}

function locate(doc: Document, lines: LineCounter, path: readonly PathKey[]): { line: number; column: number } {
  const node = nodeAt(doc, path);
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function zodIssues(
  error: z.ZodError,
  doc: Document,
  lines: LineCounter,
  file: string,
  prefix: PathKey[] = [],
): SuiteIssue[] {
  return error.issues.map((issue) => {
    let path = [...prefix, ...(issue.path as PathKey[])];
    // Unknown keys: point at the offending key itself.
    if (issue.code === 'unrecognized_keys') path = [...path, issue.keys[0]!];
    return { file, ...locate(doc, lines, path), path: formatPath(path), message: issue.message };
  });
}

/** Parse and validate one suite's text. Throws SuiteError listing every problem with file:line. */
export function parseSuite(text: string, file: string): LoadedSuite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SuiteError(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, line, column: col, path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const parsed = SuiteSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new SuiteError(zodIssues(parsed.error, doc, lines, file));
  const suite: SuiteFile = parsed.data;

  const issues: SuiteIssue[] = [];
  const where = (path: PathKey[]) => `${file}:${locate(doc, lines, path).line}`;
  const resolveAssertion = (
    a: SuiteFile['cases'][number]['assertions'][number],
    path: PathKey[],
    kind?: 'chat' | 'search',
  ): ResolvedAssertion | undefined => {
    const def = registry.get(a.type);
    if (!def) {
      issues.push({
        file,
        ...locate(doc, lines, [...path, 'type']),
        path: formatPath([...path, 'type']),
        message: `unknown assertion type '${a.type}' (known: ${[...registry.keys()].join(', ')})`,
      });
      return undefined;
    }
    if (kind && !def.appliesTo.includes(kind)) {
      issues.push({
        file,
        ...locate(doc, lines, [...path, 'type']),
        path: formatPath([...path, 'type']),
        message: `assertion '${a.type}' does not apply to ${kind} cases (applies to: ${def.appliesTo.join(', ')})`,
      });
      return undefined;
    }
    const value = def.value.safeParse(a.value);
    if (!value.success) {
      issues.push(...zodIssues(value.error, doc, lines, file, [...path, 'value']));
      return undefined;
    }
    return {
      type: a.type,
      value: value.data,
      weight: a.weight,
      threshold: a.threshold,
      description: a.description,
      where: where(path),
    };
  };

  const defaults = suite.defaults.assertions.map((a, i) => resolveAssertion(a, ['defaults', 'assertions', i]));
  const cases: EvalCase[] = suite.cases.map((c, i) => {
    const kind = c.search ? 'search' : 'chat';
    const own = c.assertions.map((a, j) => resolveAssertion(a, ['cases', i, 'assertions', j], kind));
    const profile = typeof c.profile === 'string' ? suite.profiles[c.profile] : c.profile;
    return {
      suite: suite.suite,
      suiteKind: suite.kind,
      id: c.id,
      description: c.description,
      where: where(['cases', i]),
      mode: c.mode ?? suite.defaults.mode,
      customerId: c.customer ?? profile?.id,
      profile,
      turns: c.turns,
      search: c.search,
      // Suite-wide defaults apply where their type fits the case's kind.
      assertions: [...own, ...defaults.filter((a) => a && registry.get(a.type)!.appliesTo.includes(kind))].filter(
        (a): a is ResolvedAssertion => a !== undefined,
      ),
      threshold: c.threshold,
      tags: [...suite.defaults.tags, ...c.tags],
      risk: c.risk,
    };
  });
  if (issues.length > 0) throw new SuiteError(issues);

  const profiles = new Map<string, Customer>();
  for (const c of cases) if (c.profile) profiles.set(c.profile.id, c.profile);
  return {
    name: suite.suite,
    description: suite.description,
    kind: suite.kind,
    file,
    cases,
    profiles: [...profiles.values()],
    passages: suite.passages,
  };
}

export function loadSuiteFile(path: string, cwd = process.cwd()): LoadedSuite {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SuiteError([
      { file: shown, line: 0, column: 0, path: '', message: `cannot read suite: ${(err as Error).message}` },
    ]);
  }
  return parseSuite(text, shown);
}
