/**
 * The live-readings pipeline for tests, all real: a collector config for an OpcuaTestServer's
 * tags, the Redis stream on the tests' Redis under a prefix of the test's own, the reading writer
 * storing into the tests' Neo4j, and what reached the graph counted by sequence number.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CollectorConfig } from '../../src/collector/config';
import { checkCollectorConfig } from '../../src/collector/config';
import type { Executor } from '../../src/graph/executor';
import type { RunningWriter } from '../../src/jobs/reading-stream';
import { RedisReadingStream, startReadingWriter } from '../../src/jobs/reading-stream';
import { EquipmentService } from '../../src/services/equipment-service';
import { runInTestGraph } from './neo4j-for-tests';
import type { OpcuaTestServer, TestTag } from './opcua-test-server';
import { OpcuaTestServer as Server } from './opcua-test-server';
import { testPrefix, testRedisUrl } from './redis-for-tests';

export const quiet = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function tagsOf(machines: number, tags: readonly string[]): TestTag[] {
  return Array.from({ length: machines }, (_, i) =>
    tags.map((tag) => ({ equipmentId: `M-${i + 1}`, tag })),
  ).flat();
}

/** A collector config for the server's tags: every reading sampled as it changes. */
export function configFor(
  server: OpcuaTestServer,
  tags: readonly TestTag[],
  endpoint: Record<string, unknown> = {},
  queue: Record<string, unknown> = { flushMs: 50 },
): CollectorConfig {
  return checkCollectorConfig(
    {
      endpoints: [
        {
          name: 'test-plant',
          url: server.url,
          site: 'S1',
          publishingIntervalMs: 100,
          ...endpoint,
          nodes: tags.map((t) => ({
            nodeId: Server.nodeId(t),
            equipmentId: t.equipmentId,
            tag: t.tag,
            samplingIntervalMs: 0,
            queueSize: 1000,
          })),
        },
      ],
      queue,
    },
    join(tmpdir(), 'collector.json'),
    process.env,
  );
}

export interface Pipeline {
  readonly prefix: string;
  readonly home: string;
  readonly sink: RedisReadingStream;
  writer?: RunningWriter;
  startWriter(): RunningWriter;
  close(): Promise<void>;
}

export function pipeline(name: string, executor: Executor): Pipeline {
  const prefix = testPrefix(name);
  const sink = new RedisReadingStream(testRedisUrl(), prefix, 0);
  const equipment = new EquipmentService(executor);
  const p: Pipeline = {
    prefix,
    home: mkdtempSync(join(tmpdir(), 'tg-collector-home-')),
    sink,
    startWriter() {
      p.writer = startReadingWriter({
        redisUrl: testRedisUrl(),
        prefix,
        store: (batch) => equipment.store(batch),
        logger: quiet,
        leaseMs: 3000,
      });
      return p.writer;
    },
    async close() {
      await p.writer?.close();
      await sink.close();
    },
  };
  return p;
}

/** The values stored in the graph for one tag, in source-time order. */
export async function storedValues(t: TestTag): Promise<(number | null)[]> {
  const rows = await runInTestGraph(
    'MATCH (c:ReadingChunk {equipmentId: $equipmentId, tag: $tag}) RETURN c.v AS v ORDER BY c.from',
    { equipmentId: t.equipmentId, tag: t.tag },
  );
  return rows.flatMap((r) => r.v as (number | null)[]);
}

/**
 * What the graph holds of a tag by sequence number: numbers stored more than once, numbers
 * missing between the first and the last stored, and those.
 */
export async function sequenceOf(t: TestTag): Promise<{
  first: number;
  last: number;
  count: number;
  doubled: number[];
  missing: number[];
}> {
  const values = (await storedValues(t)).filter((v): v is number => typeof v === 'number');
  const seen = new Map<number, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  const sorted = [...seen.keys()].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  const missing: number[] = [];
  for (let n = first; n <= last; n++) if (!seen.has(n)) missing.push(n);
  return {
    first,
    last,
    count: values.length,
    doubled: [...seen].filter(([, c]) => c > 1).map(([v]) => v),
    missing,
  };
}

/** Waits until `check` holds, or throws after `ms` saying what it waited for. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until every tag's last stored number is what the server last produced. */
export async function drained(server: OpcuaTestServer, tags: readonly TestTag[], ms = 120_000) {
  await waitFor(
    'the graph to hold every produced reading',
    async () => {
      for (const t of tags) {
        if ((await sequenceOf(t)).last !== server.produced(t)) return false;
      }
      return true;
    },
    ms,
  );
}
