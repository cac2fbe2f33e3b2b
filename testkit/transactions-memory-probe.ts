/**
 * Child process for the memory-bound test: stream N customers' transactions to a file under a
 * small --max-old-space-size and report the peak heap. Not a CLI for users.
 */
import { writeTransactions } from '../data/transactions/write.ts';
import { variedCustomers } from './transactions-customers.ts';

const [count, out] = [Number(process.argv[2]), process.argv[3]!];
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
const stats = await writeTransactions(variedCustomers(count), out, { seed: 7, format: 'jsonl' });
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().heapUsed);
process.stdout.write(`${JSON.stringify({ ...stats, peakHeapBytes: peak })}\n`);
