/**
 * Live readings on their way from the collector to the graph, kept in a Redis stream (the same
 * Redis as the import jobs; AOF keeps it across a restart):
 * - the collector pushes a batch as one stream entry; a Lua script adds it and counts it into the
 *   backlog atomically, or refuses it when the backlog would pass its bound (`maxBacklog`
 *   readings) — it is then the collector's to count as dropped;
 * - one writer at a time (a lock key with a lease) reads entries through a consumer group,
 *   stores them in Neo4j, and only then acknowledges and deletes them: a writer or Neo4j that
 *   dies leaves the entries pending, and the next writer stores them again (duplicates change
 *   nothing, graph/reading-store.ts);
 * - after each stored batch the writer publishes what changed (points, health changes) on a
 *   channel, for the API's live subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import type { ReadingBatch } from '../domain/readings';
import { seriesKey } from '../domain/readings';
import type { CollectorSnapshot, PushOutcome, ReadingSink } from '../services/reading-sink';
import { readingKeys } from './reading-keys';
import type { ReadingStreamKeys } from './reading-keys';
import { reportTelemetry } from './reading-telemetry';
import { redisOptions } from './redis';

const GROUP = 'writers';
const CONSUMER = 'writer';

const PUSH = `
local n = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
if max > 0 and cur + n > max then return false end
local id = redis.call('XADD', KEYS[1], '*', 'n', ARGV[1], 'b', ARGV[3])
redis.call('INCRBY', KEYS[2], n)
for k, t in pairs(cjson.decode(ARGV[4])) do
  local cur = redis.call('HGET', KEYS[3], k)
  if (not cur) or cur < t then redis.call('HSET', KEYS[3], k, t) end
end
return id`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

function connect(url: string, name: string): Redis {
  const redis = new Redis({
    ...redisOptions(url),
    connectionName: name,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  redis.on('error', () => undefined); // reconnects by itself; failures surface per command
  return redis;
}

/** The collector's side: pushes batches into the stream, bounded. */
export class RedisReadingStream implements ReadingSink {
  private readonly redis: Redis;
  private readonly keys: ReadingStreamKeys;

  constructor(
    redisUrl: string,
    prefix: string,
    /** readings queued at most (0: no bound) */
    private readonly maxBacklog: number,
  ) {
    this.redis = connect(redisUrl, 'threadgraph-collector');
    this.keys = readingKeys(prefix);
  }

  async push(batch: ReadingBatch): Promise<PushOutcome> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const until: Record<string, string> = {};
    for (const r of batch.readings) {
      const k = seriesKey(r.equipmentId, r.tag);
      const cur = until[k];
      if (cur === undefined || r.t > cur) until[k] = r.t;
    }
    const id = await this.redis.eval(
      PUSH,
      3,
      this.keys.stream,
      this.keys.backlog,
      this.keys.queuedUntil,
      String(batch.readings.length),
      String(this.maxBacklog),
      JSON.stringify(batch),
      JSON.stringify(until),
    );
    return id === null ? { kept: false, reason: 'backlog-full' } : { kept: true };
  }

  async report(name: string, snapshot: CollectorSnapshot): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
    await reportTelemetry(this.redis, this.keys.collectors, name, snapshot);
  }

  async queuedUntil(): Promise<Map<string, string>> {
    if (this.redis.status === 'wait') await this.redis.connect();
    return new Map(Object.entries(await this.redis.hgetall(this.keys.queuedUntil)));
  }

  async backlog(): Promise<number> {
    if (this.redis.status === 'wait') await this.redis.connect();
    return Number((await this.redis.get(this.keys.backlog)) ?? 0);
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}

/** What storing one batch came to, as the writer reports it. */
export interface StoredBatch {
  readonly stored: number;
  readonly duplicates: number;
  readonly refused: number;
  /** published on the live channel when not empty (points, health changes) */
  readonly live?: unknown;
}

export interface WriterOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly store: (batch: ReadingBatch) => Promise<StoredBatch>;
  readonly logger: Logger;
  /** readings per graph transaction, at most (a stream entry is never split) */
  readonly batchReadings?: number;
  /**
   * how long new entries gather before they are stored together (default 500 ms): fewer, fuller
   * transactions and chunks carry a higher rate; it adds at most this much to a reading's way in
   */
  readonly gatherMs?: number;
  /** how long the writer's lease lasts without being renewed */
  readonly leaseMs?: number;
}

export interface WriterStats {
  batches: number;
  stored: number;
  duplicates: number;
  refused: number;
  /** failed attempts to store a batch (Neo4j down…): the batch stays queued and is tried again */
  failures: number;
  /** whether this writer holds the lease (one writer at a time) */
  active: boolean;
}

export interface RunningWriter {
  readonly stats: WriterStats;
  close(): Promise<void>;
}

interface Entry {
  readonly id: string;
  readonly n: number;
  readonly batch: ReadingBatch | undefined;
}

const readingsOf = (b: ReadingBatch | undefined): ReadingBatch['readings'] => {
  const r: unknown = b?.readings;
  return Array.isArray(r) ? (r as ReadingBatch['readings']) : [];
};
const seriesOf = (b: ReadingBatch | undefined): ReadingBatch['series'] => {
  const s: unknown = b?.series;
  return Array.isArray(s) ? (s as ReadingBatch['series']) : [];
};

/** Runs the writer until closed. */
export function startReadingWriter(options: WriterOptions): RunningWriter {
  const keys = readingKeys(options.prefix);
  const redis = connect(options.redisUrl, 'threadgraph-reading-writer');
  const leaseMs = options.leaseMs ?? 15_000;
  const maxReadings = options.batchReadings ?? 20_000;
  const gatherMs = options.gatherMs ?? 500;
  const token = randomUUID();
  const stats: WriterStats = {
    batches: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    failures: 0,
    active: false,
  };
  let closing = false;
  let wake: () => void = () => undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const ensureGroup = async () => {
    try {
      await redis.xgroup('CREATE', keys.stream, GROUP, '0', 'MKSTREAM');
    } catch (e) {
      if (!String((e as Error).message).includes('BUSYGROUP')) throw e;
    }
  };

  const holdLease = async (): Promise<boolean> => {
    if (stats.active) {
      const renewed = await redis.eval(RENEW, 1, keys.lock, token, String(leaseMs));
      stats.active = renewed === 1;
      if (!stats.active)
        options.logger.warn('reading writer: lost its lease; another writer took over');
    } else {
      stats.active = (await redis.set(keys.lock, token, 'PX', leaseMs, 'NX')) === 'OK';
      if (stats.active) options.logger.info('reading writer: holds the lease, storing readings');
    }
    return stats.active;
  };

  const read = async (from: '0' | '>', blockMs = 1000): Promise<Entry[]> => {
    const reply = (
      from === '>'
        ? await redis.xreadgroup(
            'GROUP',
            GROUP,
            CONSUMER,
            'COUNT',
            200,
            'BLOCK',
            blockMs,
            'STREAMS',
            keys.stream,
            '>',
          )
        : await redis.xreadgroup(
            'GROUP',
            GROUP,
            CONSUMER,
            'COUNT',
            200,
            'STREAMS',
            keys.stream,
            '0',
          )
    ) as [string, [string, string[]][]][] | null;
    const entries: Entry[] = [];
    for (const [, list] of reply ?? []) {
      for (const [id, fields] of list) {
        const f = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
        let batch: ReadingBatch | undefined;
        try {
          batch = JSON.parse(f.get('b') ?? 'null') as ReadingBatch;
        } catch {
          batch = undefined;
        }
        entries.push({ id, n: Number(f.get('n') ?? 0), batch });
      }
    }
    return entries;
  };

  const storeAndAck = async (entries: Entry[]) => {
    // group entries into transactions of at most maxReadings readings
    let i = 0;
    while (i < entries.length && !closing) {
      const group: Entry[] = [];
      let n = 0;
      while (i < entries.length && (group.length === 0 || n + entries[i]!.n <= maxReadings)) {
        group.push(entries[i]!);
        n += entries[i]!.n;
        i++;
      }
      for (const e of group) {
        if (e.batch === undefined || !Array.isArray(e.batch.readings)) {
          stats.refused += e.n;
          options.logger.error(
            { entry: e.id, readings: e.n },
            'reading writer: a queued entry is not a batch of readings; it is dropped',
          );
        }
      }
      const batch: ReadingBatch = {
        readings: group.flatMap((e) => readingsOf(e.batch)),
        series: group.flatMap((e) => seriesOf(e.batch)),
      };
      let backoff = 500;
      for (;;) {
        if (closing) return;
        try {
          const result = await options.store(batch);
          stats.batches += 1;
          stats.stored += result.stored;
          stats.duplicates += result.duplicates;
          stats.refused += result.refused;
          if (result.live !== undefined) {
            await redis.publish(keys.live, JSON.stringify(result.live)).catch(() => 0);
          }
          break;
        } catch (e) {
          stats.failures += 1;
          options.logger.warn(
            { err: (e as Error).message, waiting: n, retryInMs: backoff },
            'reading writer: could not store a batch; it stays queued and is tried again',
          );
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
          if (!stats.active) return; // another writer took over: it reads these entries again
        }
      }
      const ids = group.map((e) => e.id);
      await redis
        .multi()
        .xack(keys.stream, GROUP, ...ids)
        .xdel(keys.stream, ...ids)
        .decrby(keys.backlog, n)
        .exec();
    }
  };

  // the lease is renewed on its own clock, so a long store (Neo4j slow, or down) does not lose it
  const renewal = setInterval(() => {
    if (stats.active) void holdLease().catch(() => undefined);
  }, leaseMs / 3);
  const name = `${hostname()}:${process.pid}`;
  const report = setInterval(() => {
    void reportTelemetry(redis, keys.writers, name, { ...stats }).catch(() => undefined);
  }, 5000);

  const loop = async () => {
    let pendingDone = false;
    while (!closing) {
      try {
        if (redis.status === 'wait') await redis.connect();
        if (!stats.active) {
          if (!(await holdLease())) {
            pendingDone = false;
            await sleep(leaseMs / 3);
            continue;
          }
          await ensureGroup();
        }
        // first what an earlier writer read and did not acknowledge, then what is new
        const entries = await read(pendingDone ? '>' : '0');
        if (pendingDone && entries.length > 0) {
          // gather what else comes within gatherMs of the first, up to a batch
          const deadline = Date.now() + gatherMs;
          let n = entries.reduce((sum, e) => sum + e.n, 0);
          while (n < maxReadings && Date.now() < deadline && !closing) {
            const more = await read('>', Math.max(1, deadline - Date.now()));
            entries.push(...more);
            n += more.reduce((sum, e) => sum + e.n, 0);
          }
        }
        if (entries.length === 0 && !pendingDone) {
          pendingDone = true;
          continue;
        }
        await storeAndAck(entries);
      } catch (e) {
        if (closing) break;
        options.logger.warn(
          { err: (e as Error).message },
          'reading writer: Redis unavailable; trying again',
        );
        pendingDone = false;
        stats.active = false;
        await sleep(1000);
      }
    }
  };
  const running = loop();
  return {
    stats,
    async close() {
      closing = true;
      clearInterval(renewal);
      clearInterval(report);
      wake();
      await running;
      if (stats.active) await redis.eval(RELEASE, 1, keys.lock, token).catch(() => undefined);
      redis.disconnect();
    },
  };
}
