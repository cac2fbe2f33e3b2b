#!/usr/bin/env node
// `npm start`: a fresh checkout to a running server in one command.
//  1. node_modules missing → `npm ci` (from the lockfile).
//  2. web assets missing → `npm run build:web` (skipped when the script does not exist).
//  3. `tsx server/main.ts --prepare`: starts Chroma (child unless CHROMA_URL), ingests on first
//     run when the customers collection is empty, trains the recommender when its artifacts are
//     missing (`npm run train`), trains the intent classifier when it is missing or was built for
//     another embedder (`npm run train:intent`), then serves on HOST:PORT (default http://127.0.0.1:3000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const say = (msg) => process.stderr.write(`[start] ${msg}\n`);
const run = (cmd, args) => {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

if (!existsSync(path.join(root, 'node_modules'))) {
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    say('npm ci failed');
    process.exit(1);
  }
}
const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
if (!existsSync(path.join(root, 'web', 'dist'))) {
  if (scripts['build:web']) {
    if (run('npm', ['run', 'build:web']) !== 0) say('web build failed — serving the API without the RM console');
  } else say('no build:web script — skipping the web build');
}
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const child = spawn(tsx, ['server/main.ts', '--prepare'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
