import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Expand suite arguments: plain paths (file or directory → its *.yaml/*.yml) and globs with
 * `*`, `**` and `?`. Sorted, de-duplicated; a pattern matching nothing is an error (a CI step
 * that silently runs zero suites would pass forever).
 */
export function expandSuiteArgs(args: string[], cwd = process.cwd()): string[] {
  const out = new Set<string>();
  for (const arg of args) {
    const matches = /[*?]/.test(arg) ? globFiles(arg, cwd) : plainPath(arg, cwd);
    if (matches.length === 0) throw new Error(`no suite files match '${arg}'`);
    for (const m of matches) out.add(m);
  }
  return [...out].sort();
}

const isSuiteFile = (p: string) => /\.ya?ml$/i.test(p);

function plainPath(arg: string, cwd: string): string[] {
  const abs = isAbsolute(arg) ? arg : join(cwd, arg);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return [];
  }
  return st.isDirectory() ? walk(abs).filter(isSuiteFile) : [abs];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Glob → RegExp over '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more directories.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function globFiles(pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/');
  const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
  const base = parts.slice(0, firstGlob).join('/') || (absolute ? '/' : '.');
  const root = absolute ? base : join(cwd, base);
  const rest = globToRegExp(parts.slice(firstGlob).join('/'));
  let files: string[];
  try {
    files = walk(root);
  } catch {
    return [];
  }
  return files.filter((f) => rest.test(relative(root, f).split(sep).join('/')));
}
