/**
 * Writes a benchmark's generated part of docs/BENCHMARKS.md. The part sits between two markers,
 * so the reading written under it by hand survives a re-run; a doc without the markers yet gets
 * the section `## <title>` replaced whole (or appended). The file is then formatted the way
 * `npm run lint` checks it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const BENCHMARKS_FILE = path.join(REPO_ROOT, 'docs', 'BENCHMARKS.md');

export function writeBenchmarkSection(key: string, title: string, section: string, file = BENCHMARKS_FILE): void {
  const begin = `<!-- ${key}: generated, begin -->`;
  const end = `<!-- ${key}: generated, end -->`;
  const block = `${begin}\n\n${section.trim()}\n\n${end}`;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  let updated: string;
  const b = doc.indexOf(begin);
  const e = doc.indexOf(end);
  if (b >= 0 && e > b) updated = doc.slice(0, b) + block + doc.slice(e + end.length);
  else {
    const start = doc.indexOf(`## ${title}`);
    let next = start >= 0 ? doc.indexOf('\n## ', start + 3) : -1;
    if (next < 0) next = doc.length;
    updated = start >= 0 ? `${doc.slice(0, start)}${block}\n${doc.slice(next)}` : `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(`${file}.tmp`, updated);
  renameSync(`${file}.tmp`, file);
  spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
  process.stderr.write(`wrote the "${title}" section of ${path.relative(REPO_ROOT, file)}\n`);
}
