/**
 * The API's side of live readings: one Redis subscriber per process to the channel the reading
 * writer publishes on after each stored batch (jobs/reading-stream.ts), fanned out in process.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readingKeys } from './reading-keys';
import { redisOptions } from './redis';

export interface LiveFeed {
  close(): Promise<void>;
}

export async function subscribeLiveReadings(
  redisUrl: string,
  prefix: string,
  onMessage: (message: unknown) => void,
  logger: Logger,
): Promise<LiveFeed> {
  const redis = new Redis({
    ...redisOptions(redisUrl),
    connectionName: 'threadgraph-live-readings',
    lazyConnect: true,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  redis.on('error', () => undefined);
  const channel = readingKeys(prefix).live;
  redis.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      onMessage(JSON.parse(text));
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'live readings: a message could not be read');
    }
  });
  await redis.connect();
  await redis.subscribe(channel);
  return {
    close: () => {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
