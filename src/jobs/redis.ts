/**
 * The Redis connection of the job queues (ioredis), and the check that this Redis can be trusted
 * with jobs: keys must never be evicted (maxmemory-policy noeviction), and it should keep them on
 * disk (AOF or snapshots), or a Redis restart forgets every queued job.
 */
import { Redis } from 'ioredis';
import { redactedUrl } from '../config';
import { ThreadgraphError } from '../domain/errors';

/** Where Redis is and how to sign in, as both ioredis and BullMQ take it. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  readonly tls?: Record<string, never>;
}

/** The address in a redis:// or rediss:// URL (user, password, database number). */
export function redisOptions(url: string): RedisAddress {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * A connection for our own commands: it fails a command at once while Redis is unreachable
 * (instead of queueing it), so callers can answer UNAVAILABLE.
 */
export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis({
    ...redisOptions(url),
    connectionName: name,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', () => undefined); // reconnects by itself; failures surface per command
  return redis;
}

export interface RedisFitness {
  /** reasons to refuse: keys could be evicted */
  readonly problems: readonly string[];
  /** reasons to warn: jobs would not survive a restart, or the settings could not be read */
  readonly warnings: readonly string[];
}

/** Reads the eviction policy and persistence of the Redis behind `redis`. */
export async function checkRedis(redis: Redis, url: string): Promise<RedisFitness> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const where = redactedUrl(url);
  let info: Map<string, string>;
  try {
    info = parseInfo(String(await redis.info('memory')) + String(await redis.info('persistence')));
  } catch (e) {
    throw new ThreadgraphError(
      'UNAVAILABLE',
      `Redis at ${where} is unavailable: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const policy = info.get('maxmemory_policy');
  if (policy === undefined) {
    warnings.push(
      `could not read the eviction policy of Redis at ${where}: make sure it is noeviction`,
    );
  } else if (policy !== 'noeviction') {
    problems.push(
      `Redis at ${where} has maxmemory-policy ${policy}: it may evict queued jobs under memory pressure. ` +
        'Set maxmemory-policy noeviction (redis.conf or CONFIG SET), or use another Redis',
    );
  }
  const aof = info.get('aof_enabled') === '1';
  let snapshots: boolean | undefined;
  try {
    const save: unknown = await redis.call('CONFIG', 'GET', 'save');
    const value: unknown = Array.isArray(save)
      ? (save as unknown[])[1]
      : (save as Record<string, unknown> | null)?.save;
    snapshots = typeof value === 'string' ? value.trim() !== '' : undefined;
  } catch {
    snapshots = undefined; // CONFIG disabled (managed Redis): say what we know
  }
  if (!aof && snapshots === false) {
    warnings.push(
      `Redis at ${where} keeps nothing on disk (no AOF, no snapshots): queued and failed jobs are ` +
        'lost if it restarts. Turn on appendonly yes for production',
    );
  } else if (!aof && snapshots === undefined) {
    warnings.push(`Redis at ${where} has no AOF; check that it keeps its data on disk`);
  }
  return { problems, warnings };
}

function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return out;
}
