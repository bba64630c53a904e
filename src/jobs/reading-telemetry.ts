/**
 * What the collectors and the reading writer say of themselves, kept in Redis beside the reading
 * stream (each process writes its own entry every few seconds, with the time), so the API's
 * /metrics shows every collector and writer wherever they run. An entry not renewed for a minute
 * is a process that is gone, and is left out.
 */
import { Redis } from 'ioredis';
import type { ReadingTelemetry, ReadingsSnapshot } from '../services/reading-sink';
import { readingKeys } from './reading-keys';
import { redisOptions } from './redis';

export const STALE_MS = 60_000;

/** Writes `snapshot` as `name`'s entry of `key`. */
export async function reportTelemetry(
  redis: Redis,
  key: string,
  name: string,
  snapshot: unknown,
): Promise<void> {
  await redis.hset(key, name, JSON.stringify({ at: Date.now(), snapshot }));
}

async function entries(redis: Redis, key: string): Promise<{ name: string; snapshot: unknown }[]> {
  const now = Date.now();
  const out: { name: string; snapshot: unknown }[] = [];
  for (const [name, text] of Object.entries(await redis.hgetall(key))) {
    try {
      const { at, snapshot } = JSON.parse(text) as { at: number; snapshot: unknown };
      if (now - at <= STALE_MS) out.push({ name, snapshot });
      else await redis.hdel(key, name);
    } catch {
      await redis.hdel(key, name);
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The API's view: every live collector's and writer's figures, and the backlog. */
export function readingTelemetry(redisUrl: string, prefix: string): ReadingTelemetry {
  const keys = readingKeys(prefix);
  const redis = new Redis({
    ...redisOptions(redisUrl),
    connectionName: 'threadgraph-reading-telemetry',
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  return {
    async snapshot(): Promise<ReadingsSnapshot> {
      if (redis.status === 'wait') await redis.connect();
      return {
        backlog: Number((await redis.get(keys.backlog)) ?? 0),
        collectors: (await entries(redis, keys.collectors)) as ReadingsSnapshot['collectors'],
        writers: (await entries(redis, keys.writers)) as ReadingsSnapshot['writers'],
      };
    },
    close: () => redis.disconnect(),
  };
}
