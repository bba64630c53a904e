/**
 * The collector: one OPC UA endpoint session per configured endpoint (opcua-endpoint.ts), their
 * readings gathered for `flushMs` and handed to the reading sink (the Redis stream) as one batch
 * with what each series means. A batch the sink did not take — Redis unreachable — stays in memory
 * and is offered again; past `memoryBuffer` readings the oldest are dropped and counted. A batch
 * the sink refused because its backlog is full is dropped and counted. Nothing is dropped without
 * a count in `stats` and a line in the log.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { LiveReading, SeriesInfo } from '../domain/readings';
import { seriesKey } from '../domain/readings';
import type { ReadingSink } from '../services/reading-sink';
import { routeOpcuaLogs } from './browse';
import type { CollectorConfig } from './config';
import type { EndpointStats } from './opcua-endpoint';
import { OpcuaEndpoint } from './opcua-endpoint';

export interface CollectorStats {
  /** readings received from the servers */
  received: number;
  /** readings the sink has kept (durably queued) */
  queued: number;
  /** readings dropped because the queue's backlog was at its bound */
  droppedBacklogFull: number;
  /** readings dropped because Redis was unreachable for longer than the memory buffer holds */
  droppedMemoryFull: number;
  /** readings waiting in memory for the sink */
  buffered: number;
  readonly endpoints: readonly EndpointStats[];
}

export interface RunningCollector {
  readonly stats: CollectorStats;
  /** stops the subscriptions, then hands what is buffered to the sink (waits up to `graceMs`) */
  stop(graceMs?: number): Promise<void>;
}

export function startCollector(
  config: CollectorConfig,
  sink: ReadingSink,
  options: { readonly home: string; readonly logger: Logger },
): RunningCollector {
  const { logger } = options;
  // node-opcua's own warnings and errors go to our log, not to the console
  routeOpcuaLogs((line) => logger.debug({ opcua: line }, 'node-opcua'));
  const series = new Map<string, SeriesInfo>();
  for (const e of config.endpoints) {
    for (const n of e.nodes) {
      series.set(seriesKey(n.equipmentId, n.tag), {
        equipmentId: n.equipmentId,
        tag: n.tag,
        site: e.site,
        meaning: n.meaning,
        unit: n.unit,
        ...(n.meaning === 'vibration_velocity' || n.meaning === 'temperature'
          ? { limits: e.limits }
          : {}),
      });
    }
  }
  let buffer: LiveReading[] = [];
  const endpoints = config.endpoints.map(
    (e) =>
      new OpcuaEndpoint(
        e,
        join(options.home, 'opcua', 'collector-pki'),
        (r) => {
          stats.received += 1;
          buffer.push(r);
        },
        logger,
      ),
  );
  const stats: CollectorStats = {
    received: 0,
    queued: 0,
    droppedBacklogFull: 0,
    droppedMemoryFull: 0,
    buffered: 0,
    endpoints: endpoints.map((e) => e.stats),
  };
  let lastWarning = 0;
  const warn = (message: string, fields: Record<string, unknown>) => {
    if (Date.now() - lastWarning < 10_000) return; // one line per 10 s, counts in stats
    lastWarning = Date.now();
    logger.warn({ ...fields, stats: { ...stats, endpoints: undefined } }, message);
  };

  let flushing: Promise<void> = Promise.resolve();
  const flush = async () => {
    while (buffer.length > 0) {
      const readings = buffer.slice(0, 5000);
      const keys = new Set(readings.map((r) => seriesKey(r.equipmentId, r.tag)));
      const batch = {
        readings,
        series: [...keys].flatMap((k) => {
          const s = series.get(k);
          return s ? [s] : [];
        }),
      };
      try {
        const outcome = await sink.push(batch);
        buffer = buffer.slice(readings.length);
        if (outcome.kept) stats.queued += readings.length;
        else {
          stats.droppedBacklogFull += readings.length;
          warn(
            'collector: the reading queue is at its bound (queue.maxBacklog): readings dropped',
            {
              dropped: readings.length,
            },
          );
        }
      } catch (e) {
        if (buffer.length > config.queue.memoryBuffer) {
          const over = buffer.length - config.queue.memoryBuffer;
          buffer = buffer.slice(over);
          stats.droppedMemoryFull += over;
        }
        warn('collector: Redis unreachable: readings wait in memory', {
          err: (e as Error).message,
          buffered: buffer.length,
        });
        break;
      }
    }
    stats.buffered = buffer.length;
  };
  const timer = setInterval(() => {
    flushing = flushing.then(flush);
  }, config.queue.flushMs);
  // what it says of itself, for /metrics wherever the API runs (blind time, drops, backfill)
  const name = `${hostname()}:${process.pid}`;
  const report = setInterval(() => {
    void sink
      .report(name, { ...stats, endpoints: stats.endpoints.map((e) => ({ ...e })) })
      .catch(() => undefined);
  }, 5000);

  // endpoints connect in the background: one that is down does not hold the others up; one that
  // could not subscribe (the server refused, a namespace it lacks) is tried again every 10 s
  let stopping = false;
  const run = async (e: OpcuaEndpoint, name: string | undefined) => {
    while (!stopping) {
      try {
        await e.start(await sink.queuedUntil().catch(() => new Map<string, string>()));
        return;
      } catch (err) {
        if (stopping) return;
        logger.error(
          { endpoint: name, err: (err as Error).message },
          'collector: could not subscribe to an endpoint; trying again in 10 s',
        );
        await e.stop();
        await new Promise((r) => setTimeout(r, 10_000).unref());
      }
    }
  };
  endpoints.forEach((e, i) => void run(e, config.endpoints[i]?.name));

  return {
    stats,
    async stop(graceMs = 5000) {
      stopping = true;
      await Promise.all(endpoints.map((e) => e.stop()));
      clearInterval(timer);
      clearInterval(report);
      const deadline = Date.now() + graceMs;
      await flushing;
      while (buffer.length > 0 && Date.now() < deadline) {
        await flush();
        if (buffer.length > 0) await new Promise((r) => setTimeout(r, 200));
      }
      if (buffer.length > 0) {
        logger.error({ lost: buffer.length }, 'collector: stopped with readings not queued');
      }
    },
  };
}
