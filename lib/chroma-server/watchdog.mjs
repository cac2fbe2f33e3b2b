#!/usr/bin/env node
// Watchdog between Meridian and a `chroma run` child: `node watchdog.mjs <parentPid> <command> [args…]`.
// Chroma must never outlive the process that started it, even when that process is SIGKILLed
// (no exit handler runs then). The watchdog notices the parent is gone — its stdin pipe closes and
// the parent pid stops existing — and stops Chroma: SIGTERM, then SIGKILL after a grace period.
// Plain JavaScript so it starts with bare `node`, without tsx.
import { spawn } from 'node:child_process';

const [parentArg, command, ...args] = process.argv.slice(2);
const parentPid = Number(parentArg);
if (!parentPid || !command) {
  process.stderr.write('usage: watchdog.mjs <parentPid> <command> [args…]\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop(reason) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 3000).unref();
  }
  if (process.env.MERIDIAN_WATCHDOG_DEBUG) process.stderr.write(`chroma watchdog: stopping chroma (${reason})\n`);
}

function parentAlive() {
  try {
    process.kill(parentPid, 0);
    return true;
  } catch (err) {
    return err && err.code === 'EPERM';
  }
}

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (err) => {
  process.stderr.write(`chroma watchdog: cannot start ${command}: ${err.message}\n`);
  process.exit(1);
});
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGHUP', () => stop('SIGHUP'));
// The parent holds the write end of our stdin; it closes when the parent dies, however it dies.
process.stdin.on('end', () => stop('parent pipe closed'));
process.stdin.on('error', () => stop('parent pipe error'));
process.stdin.resume();
setInterval(() => {
  if (!parentAlive() || process.ppid !== parentPid) stop('parent process gone');
}, 500);
