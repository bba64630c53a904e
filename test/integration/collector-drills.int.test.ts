/**
 * Drills of the live-readings pipeline, each counting readings by the sequence number every tag
 * of the test server emits: Neo4j stopped for 60 s (0 lost, 0 doubled: the backlog grows in Redis
 * and drains), the collector killed -9 (what it had queued is kept; what it had received and not
 * yet queued, and what the server produced until a new collector subscribed, is read back from the
 * server's history), the tests' Redis (AOF) restarted (the collector holds readings in memory
 * meanwhile). The server restart drill is in collector.int.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCollector } from '../../src/collector/collector';
import type { Executor } from '../../src/graph/executor';
import { spawnCli } from '../support/cli-process';
import { clearGraph, killAndRestartTestNeo4j, testExecutor } from '../support/neo4j-for-tests';
import { OpcuaTestServer } from '../support/opcua-test-server';
import { restartTestRedis, testRedisUrl } from '../support/redis-for-tests';
import {
  configFor,
  drained,
  pipeline,
  quiet,
  sequenceOf,
  tagsOf,
  waitFor,
} from '../support/reading-pipeline';

jest.setTimeout(600_000);

let executor: Executor;
beforeAll(async () => {
  executor = await testExecutor();
});
afterAll(() => executor.close());
beforeEach(() => clearGraph());

async function expectEveryReadingOnce(server: OpcuaTestServer, tags: ReturnType<typeof tagsOf>) {
  for (const t of tags) {
    const s = await sequenceOf(t);
    expect({ tag: `${t.equipmentId}.${t.tag}`, doubled: s.doubled, missing: s.missing }).toEqual({
      tag: `${t.equipmentId}.${t.tag}`,
      doubled: [],
      missing: [],
    });
    expect(s.last).toBe(server.produced(t));
  }
}

describe('drills', () => {
  it('Neo4j stopped for 60 s: the backlog waits in Redis, then drains; 0 lost, 0 doubled', async () => {
    const tags = tagsOf(2, ['a', 'b']);
    const server = new OpcuaTestServer({ tags, intervalMs: 50 });
    await server.start();
    const p = pipeline('drill-neo4j', executor);
    const writer = p.startWriter();
    const collector = startCollector(configFor(server, tags), p.sink, {
      home: p.home,
      logger: quiet,
    });
    try {
      await waitFor('readings in the graph', () => writer.stats.stored >= 100);
      const storedBefore = writer.stats.stored;
      await killAndRestartTestNeo4j(60_000);
      // while Neo4j was down the writer kept failing and the readings waited
      expect(writer.stats.failures).toBeGreaterThan(0);
      await waitFor('the writer to store again', () => writer.stats.stored > storedBefore + 100);
      server.pause();
      await drained(server, tags, 300_000);
      await expectEveryReadingOnce(server, tags);
      expect(await p.sink.backlog()).toBe(0);
    } finally {
      await collector.stop();
      await p.close();
      await server.stop();
    }
  });

  it('collector killed -9: what it had queued is kept, the rest read back from history', async () => {
    const tags = tagsOf(2, ['a']);
    const server = new OpcuaTestServer({ tags, intervalMs: 50 });
    await server.start();
    const p = pipeline('drill-collector', executor);
    const file = join(p.home, 'collector.json');
    const config = {
      endpoints: [
        {
          name: 'test-plant',
          url: server.url,
          site: 'S1',
          publishingIntervalMs: 100,
          nodes: tags.map((t) => ({
            nodeId: OpcuaTestServer.nodeId(t),
            equipmentId: t.equipmentId,
            tag: t.tag,
            samplingIntervalMs: 0,
            queueSize: 1000,
          })),
        },
      ],
      queue: { flushMs: 50 },
    };
    writeFileSync(file, JSON.stringify(config));
    const env = {
      REDIS_URL: testRedisUrl(),
      THREADGRAPH_REDIS_PREFIX: p.prefix,
      THREADGRAPH_HOME: p.home,
      LOG_LEVEL: 'warn',
    };
    let first = spawnCli(['collect', '--config', file], env);
    try {
      await waitFor(
        'the first collector to queue readings',
        async () => (await p.sink.backlog()) >= 60,
      );
      first.child.kill('SIGKILL');
      await first.exited();
      const queued = await p.sink.backlog();
      await new Promise((r) => setTimeout(r, 2000)); // the server goes on producing meanwhile
      first = spawnCli(['collect', '--config', file], env);
      await waitFor(
        'the second collector to queue readings',
        async () => (await p.sink.backlog()) > queued + 60,
      );
      server.pause();
      await new Promise((r) => setTimeout(r, 1000));
      first.child.kill('SIGTERM');
      await first.exited();
      p.startWriter();
      await drained(server, tags);
      await expectEveryReadingOnce(server, tags);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
      await p.close();
      await server.stop();
    }
  });

  it('Redis (AOF) restarted: the collector holds readings meanwhile; 0 lost, 0 doubled', async () => {
    const tags = tagsOf(2, ['a']);
    const server = new OpcuaTestServer({ tags, intervalMs: 50 });
    await server.start();
    const p = pipeline('drill-redis', executor);
    const writer = p.startWriter();
    const collector = startCollector(configFor(server, tags), p.sink, {
      home: p.home,
      logger: quiet,
    });
    try {
      await waitFor('readings in the graph', () => writer.stats.stored >= 60);
      await restartTestRedis(3000);
      const queuedBefore = collector.stats.queued;
      await waitFor('readings queued again', () => collector.stats.queued > queuedBefore + 60);
      server.pause();
      await drained(server, tags);
      await expectEveryReadingOnce(server, tags);
      expect(collector.stats.droppedMemoryFull + collector.stats.droppedBacklogFull).toBe(0);
    } finally {
      await collector.stop();
      await p.close();
      await server.stop();
    }
  });
});
