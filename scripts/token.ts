/**
 * `npm run token -- <customerId> [--ttl seconds]`: print a customer JWT (HS256, config jwtSecret)
 * for the widget and demos. Same function as POST /api/auth/customer-token. `--rm <rmId>` prints an
 * RM JWT for that RM's book and `--supervisor <id>` one that sees every book (at most 12 h);
 * `--revoke <jti>` adds a token id to the revocation list the server checks.
 */
import { decodeJwt } from 'jose';
import { loadConfig } from '../lib/config/index.ts';
import { mintCustomerToken, mintStaffToken } from '../server/http/auth.ts';
import { FileRevocationList, revokedTokensFile } from '../server/http/revocation.ts';

const args = process.argv.slice(2);
if (!args.length || args.includes('--help')) {
  process.stdout.write(
    "usage: npm run token -- <customerId> [--ttl seconds]\n       npm run token -- --rm <rmId> [--ttl seconds]   (an RM JWT for that RM's book, at most 43200 s)\n       npm run token -- --supervisor <id> [--ttl seconds]   (sees every book, at most 43200 s)\n       npm run token -- --revoke <jti>              (revoke a token by its id)\n",
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
  if (args[0] === '--revoke') {
    const list = new FileRevocationList(revokedTokensFile(config));
    await list.revoke(args[1] ?? '', `revoked ${new Date().toISOString()}`);
    process.stderr.write(`revoked ${args[1]} (${list.file})\n`);
  } else if (args[0] === '--rm' || args[0] === '--supervisor') {
    const role = args[0] === '--rm' ? 'rm' : 'supervisor';
    const id = args[1] ?? role;
    const token = await mintStaffToken(config.jwtSecret, { role, id }, ttl);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`${role} ${id}, jti ${decodeJwt(token).jti}\n`);
  } else {
    const { token, expiresAt } = await mintCustomerToken(config.jwtSecret, args[0], ttl);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`customer ${args[0]}, expires ${expiresAt}, jti ${decodeJwt(token).jti}\n`);
  }
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
