import pg from 'pg';
import { UnavailableError } from '../../lib/errors/index.ts';
import type { Logger } from '../../lib/log/index.ts';

/** How long a client is told to wait before retrying while the database is unreachable. */
const RETRY_AFTER_S = 2;

export interface DatabaseOptions {
  url: string;
  /** Connections at most (per instance). */
  poolMax: number;
  /** Longest wait for a connection and longest statement, in ms. */
  timeoutMs: number;
  log: Logger;
}

type Params = readonly unknown[];

/** What a transaction body can run: the same parameterised query, on the transaction's connection. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, params?: Params): Promise<pg.QueryResult<R>>;
}

/**
 * The one PostgreSQL pool of a process. Every query is parameterised (text + params, never
 * interpolated). A database that cannot be reached (refused, dropped, shutting down, timed out)
 * surfaces as UnavailableError — 503 with Retry-After — and the pool reconnects by itself on the
 * next request once the database is back; any other database error stays an internal error.
 */
export class Database implements Queryable {
  readonly pool: pg.Pool;
  /** host:port/database, without credentials: what logs and errors name. */
  readonly where: string;

  constructor(options: DatabaseOptions) {
    const url = new URL(options.url);
    this.where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: options.timeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.timeoutMs,
      query_timeout: options.timeoutMs + 1_000,
      keepAlive: true,
      application_name: 'meridian',
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    this.pool.on('error', (err) =>
      options.log.warn({ err: err.message, db: this.where }, 'idle database connection lost'),
    );
  }

  async query<R extends pg.QueryResultRow>(text: string, params: Params = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, params as unknown[]);
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.translate(err);
    }
    const tx: Queryable = {
      query: <R extends pg.QueryResultRow>(text: string, params: Params = []) =>
        client.query<R>(text, params as unknown[]),
    };
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = err;
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.translate(err);
    } finally {
      // A connection that failed mid-transaction is discarded rather than reused.
      client.release(broken !== undefined && isConnectionError(broken) ? (broken as Error) : undefined);
    }
  }

  /** Throws UnavailableError naming the database when it does not answer. */
  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private translate(err: unknown): unknown {
    if (err instanceof UnavailableError || !isConnectionError(err)) return err;
    return new UnavailableError(`database ${this.where} unavailable: ${(err as Error).message}`, RETRY_AFTER_S, {
      cause: err,
    });
  }
}

/** SQLSTATE classes and codes meaning "the database is not there right now", not "the query is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300|57014)/;
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  if (err instanceof AggregateError) return err.errors.some(isConnectionError);
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|not queryable/i.test(
    err.message,
  );
}
