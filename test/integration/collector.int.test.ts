/**
 * The collector against a real node-opcua server in this process: every reading a tag's server
 * produced while subscribed reaches the graph exactly once (each value is its sequence number);
 * source times keep their 100 ns; SignAndEncrypt with certificates the test makes and a user
 * signing in; an untrusted server certificate refused; a server restart mid-stream loses only what
 * the server never produced.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '../../src/api/metrics';
import { startCollector } from '../../src/collector/collector';
import { readingTelemetry } from '../../src/jobs/reading-telemetry';
import type { Executor } from '../../src/graph/executor';
import { clearGraph, runInTestGraph, testExecutor } from '../support/neo4j-for-tests';
import { OpcuaTestServer } from '../support/opcua-test-server';
import { testRedisUrl } from '../support/redis-for-tests';
import {
  configFor,
  drained,
  pipeline,
  quiet,
  sequenceOf,
  tagsOf,
  waitFor,
} from '../support/reading-pipeline';

jest.setTimeout(180_000);

let executor: Executor;
beforeAll(async () => {
  executor = await testExecutor();
});
afterAll(() => executor.close());
beforeEach(() => clearGraph());

describe('the collector', () => {
  it('stores every reading produced while subscribed, each once, with 100 ns source times', async () => {
    const tags = tagsOf(2, ['a', 'b']);
    const server = new OpcuaTestServer({ tags, intervalMs: 50 });
    await server.start();
    const p = pipeline('collector-basic', executor);
    p.startWriter();
    const collector = startCollector(configFor(server, tags), p.sink, {
      home: p.home,
      logger: quiet,
    });
    try {
      await waitFor('readings', () => collector.stats.queued >= 100);
      server.pause();
      await drained(server, tags);
      for (const t of tags) {
        const s = await sequenceOf(t);
        expect(s.doubled).toEqual([]);
        expect(s.missing).toEqual([]);
        expect(s.last).toBe(server.produced(t));
        expect(s.count).toBe(s.last - s.first + 1);
        expect(s.count).toBeGreaterThanOrEqual(20);
      }
      expect(collector.stats.endpoints[0]).toMatchObject({ connected: true, monitored: 4 });
      // what the collector and the writer say of themselves reaches /metrics through Redis
      const telemetry = readingTelemetry(testRedisUrl(), p.prefix);
      try {
        await waitFor('the collector and the writer to report', async () => {
          const s = await telemetry.snapshot();
          return s.collectors.length === 1 && s.writers.length === 1;
        });
        const metrics = await createMetrics(undefined, telemetry);
        const text = await metrics.render();
        expect(text).toMatch(
          /threadgraph_collector_connected\{collector="[^"]+",endpoint="test-plant"\} 1/,
        );
        expect(text).toMatch(
          /threadgraph_collector_readings\{collector="[^"]+",outcome="dropped_backlog_full"\} 0/,
        );
        expect(text).toMatch(
          /threadgraph_reading_writer_readings\{writer="[^"]+",outcome="stored"\} [1-9]/,
        );
        expect(text).toMatch(/threadgraph_readings_backlog \d+/);
      } finally {
        telemetry.close();
      }
      // the server's clock gives sub-millisecond digits (node-opcua adds 100 ns to equal times)
      const [row] = await runInTestGraph(
        'MATCH (s:ReadingSeries {equipmentId: "M-1", tag: "a"}) RETURN s.high AS high',
      );
      expect(String(row?.high)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}00Z$/);
    } finally {
      await collector.stop();
      await p.close();
      await server.stop();
    }
  });

  it('signs and encrypts with certificates the test makes, signs in a user, refuses an untrusted server', async () => {
    const tags = tagsOf(1, ['a']);
    const server = new OpcuaTestServer({
      tags,
      intervalMs: 100,
      users: { quality: 'p4ss w0rd' },
      allowAnonymous: false,
    });
    await server.start();
    const p = pipeline('collector-secure', executor);
    p.startWriter();
    process.env.TG_TEST_OPCUA_PASSWORD = 'p4ss w0rd';
    const secure = {
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      identity: { type: 'username', user: 'quality', passwordEnv: 'TG_TEST_OPCUA_PASSWORD' },
    };
    // first without trusting the server's certificate: nothing is collected
    const refused = startCollector(configFor(server, tags, secure), p.sink, {
      home: mkdtempSync(join(tmpdir(), 'tg-collector-untrusting-')),
      logger: quiet,
    });
    await new Promise((r) => setTimeout(r, 4000));
    expect(refused.stats.received).toBe(0);
    expect(refused.stats.endpoints[0]?.connected).toBe(false);
    await refused.stop(0);
    // then with the server's certificate in the collector's trusted folder
    const trusted = join(p.home, 'opcua', 'collector-pki', 'trusted', 'certs');
    mkdirSync(trusted, { recursive: true });
    copyFileSync(server.certificateFile, join(trusted, 'test-server.pem'));
    const collector = startCollector(configFor(server, tags, secure), p.sink, {
      home: p.home,
      logger: quiet,
    });
    try {
      await waitFor('secure readings', () => collector.stats.queued >= 10);
      server.pause();
      await drained(server, tags);
      const s = await sequenceOf(tags[0]!);
      expect(s).toMatchObject({ doubled: [], missing: [] });
    } finally {
      await collector.stop();
      await p.close();
      await server.stop();
    }
  });

  it('drill: a server restarted mid-stream loses only what it never produced', async () => {
    const tags = tagsOf(2, ['a']);
    const server = new OpcuaTestServer({ tags, intervalMs: 50 });
    await server.start();
    const p = pipeline('collector-restart', executor);
    p.startWriter();
    const collector = startCollector(configFor(server, tags), p.sink, {
      home: p.home,
      logger: quiet,
    });
    try {
      await waitFor('readings', () => collector.stats.queued >= 40);
      await server.stop(); // down: the sequence stops with it
      const before = tags.map((t) => server.produced(t));
      await new Promise((r) => setTimeout(r, 3000));
      await server.start(); // same port; the sequence goes on from where it stopped
      await waitFor('readings after the restart', () =>
        tags.every((t, i) => server.produced(t) > before[i]! + 40),
      );
      await waitFor(
        'the collector to see again',
        () => collector.stats.endpoints[0]?.connected === true,
      );
      server.pause();
      await drained(server, tags);
      for (const t of tags) {
        const s = await sequenceOf(t);
        expect(s.doubled).toEqual([]);
        expect(s.missing).toEqual([]);
        expect(s.last).toBe(server.produced(t));
      }
      const e = collector.stats.endpoints[0]!;
      expect(e.cuts).toBeGreaterThanOrEqual(1);
      expect(e.lastBlindMs).toBeGreaterThanOrEqual(3000);
    } finally {
      await collector.stop();
      await p.close();
      await server.stop();
    }
  });
});
