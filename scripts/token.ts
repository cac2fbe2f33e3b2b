/**
 * `npm run token -- <customerId> [--ttl seconds]`: print a customer JWT (HS256, config jwtSecret)
 * for the widget and demos. Same function as POST /api/auth/customer-token.
 */
import { loadConfig } from '../lib/config/index.ts';
import { mintCustomerToken, mintRmToken } from '../server/http/auth.ts';

const args = process.argv.slice(2);
if (!args.length || args.includes('--help')) {
  process.stdout.write(
    'usage: npm run token -- <customerId> [--ttl seconds]\n       npm run token -- --rm <rmId> [--ttl seconds]   (an RM JWT)\n',
  );
  process.exit(args.length ? 0 : 2);
}
const ttlIndex = args.indexOf('--ttl');
const ttl = ttlIndex >= 0 ? Number(args[ttlIndex + 1]) : undefined;
if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
  process.stderr.write('--ttl: a positive whole number of seconds\n');
  process.exit(2);
}
const config = loadConfig();
try {
  if (args[0] === '--rm') {
    process.stdout.write(`${await mintRmToken(config.jwtSecret, args[1] ?? 'rm', ttl)}\n`);
  } else {
    const { token, expiresAt } = await mintCustomerToken(config.jwtSecret, args[0], ttl);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`customer ${args[0]}, expires ${expiresAt}\n`);
  }
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
