/**
 * `npm run bench:readings`: live readings from the simulated plant through the collector into
 * Neo4j, on this machine, from scratch each run.
 *
 *   1. a fresh local Neo4j instance "bench-readings", the demo thread (BENCH_UNITS, default 500)
 *      imported, and the live plant's MES records for the whole run (its operations, so readings
 *      link as they arrive);
 *   2. the evidence chain of SAMPLES live serials, in process, median and p95: before readings;
 *   3. a Redis of its own (AOF on), the simulator in this process (BENCH_MACHINES machines × 5
 *      signals every BENCH_INTERVAL_MS: 100 × 5 / 50 ms = 10 000 readings/s), `threadgraph
 *      collect` and `threadgraph worker` (the reading writer) as their own processes;
 *   4. for BENCH_SECONDS (300): readings stored per second, every 10 s, and the backlog; then the
 *      simulator stops, the backlog drains;
 *   5. loss: the simulator ticks in this process, so its tick count and the clock are read at
 *      one moment, twice (after every signal is subscribed, and at the end): every signal is set
 *      once a tick and the collector asks for every sample (trigger status-value-timestamp), so
 *      each signal must have exactly that many readings stored with a source time between the two;
 *   6. source time → queryable: each chunk's storedAt (the storing transaction's time) minus each
 *      point's source time: median, p95, p99;
 *   7. the evidence chain of the same serials again: after readings.
 * Environment: BENCH_SECONDS, BENCH_MACHINES, BENCH_INTERVAL_MS, BENCH_UNITS, BENCH_SAMPLES,
 * THREADGRAPH_HOME. NEO4J_URI and REDIS_URL are ignored: the bench starts its own.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { startSimulator, simulatorCollectorConfig } from '../../src/collector/simulator';
import { loadConfig } from '../../src/config';
import { readDemoPlant } from '../../src/demo/demo-machines';
import { liveMesRecords } from '../../src/demo/live-mes';
import { planLivePlant } from '../../src/demo/live-plant';
import { writeLines } from '../../src/demo/write-lines';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import { LocalNeo4j, NEO4J_VERSION } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';
import { RedisReadingStream } from '../../src/jobs/reading-stream';
import { ticksOf } from '../../src/domain/readings';
import { EvidenceService } from '../../src/services/evidence-service';
import { ImportService } from '../../src/services/import-service';
import { PACKAGE_ROOT } from '../../src/paths';
import { demoFile } from './demo-file';
import { benchRedis } from './jobs';
import { percentile } from './stats';
import { benchDriver, neo4jEnv } from './serve-process';

const INSTANCE = 'bench-readings';
const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 300);
const MACHINES = Number(env.BENCH_MACHINES ?? 100);
const INTERVAL_MS = Number(env.BENCH_INTERVAL_MS ?? 50);
const UNITS = Number(env.BENCH_UNITS ?? 500);
const SAMPLES = Number(env.BENCH_SAMPLES ?? 200);
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'index.js');
const PREFIX = 'bench-readings';

const log = (m: string) => process.stdout.write(`${m}\n`);
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(200);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function evidenceTimes(evidence: EvidenceService, serials: readonly string[]) {
  for (const s of serials.slice(0, 20)) await evidence.chain(s); // warm-up
  const times: number[] = [];
  let operationsWithReadings = 0;
  for (const s of serials) {
    const started = performance.now();
    const chain = await evidence.chain(s);
    times.push(performance.now() - started);
    operationsWithReadings += chain?.operations.filter((o) => o.readings.length > 0).length ?? 0;
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), operationsWithReadings };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...env, NEO4J_URI: undefined, REDIS_URL: undefined });
  const home = config.local.home;
  log(
    `threadgraph bench:readings — ${MACHINES} machines × 5 signals every ${INTERVAL_MS} ms ` +
      `(${Math.round((MACHINES * 5 * 1000) / INTERVAL_MS)} readings/s offered) for ${SECONDS} s`,
  );
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );

  const local = new LocalNeo4j({ ...config.local, heap: '2g', pageCache: '2g' });
  await local.stop(INSTANCE);
  rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
  const state = await local.start(INSTANCE, { boltPort: 0, log: (m) => log(`  ${m}`) });
  const target = local.target(INSTANCE, state.boltPort);
  log(`Neo4j ${NEO4J_VERSION} Community, heap 2g, page cache 2g`);
  const executor = Executor.connect(target, CypherRegistry.load());
  const redis = await benchRedis(home, log);
  const children: ChildProcess[] = [];
  let simulator: Awaited<ReturnType<typeof startSimulator>> | undefined;
  try {
    await migrate(executor);
    const imports = new ImportService(executor);
    const file = await demoFile(home, UNITS, 1, log);
    const demo = await imports.importCanonicalFile(file, { batchSize: config.importBatchSize });
    log(`demo thread: ${demo.lines} records imported in ${(demo.durationMs / 1000).toFixed(1)} s`);

    // the live plant, and its MES records for the whole run (readings then link as they arrive)
    const startedAt = Date.now() + 5_000;
    // no counter reset, so no machine stops: every signal is set at every tick
    const plant = planLivePlant(readDemoPlant(UNITS), {
      startedAt,
      machines: MACHINES,
      counterReset: null,
    });
    const mes = [
      ...liveMesRecords(plant, startedAt - plant.cycleMs, startedAt + (SECONDS + 120) * 1000),
    ];
    const dir = join(home, 'bench');
    mkdirSync(dir, { recursive: true });
    const mesFile = join(dir, 'live-mes.jsonl');
    await writeLines(
      mes.map((r) => JSON.stringify(r)),
      mesFile,
    );
    const mesImport = await imports.importCanonicalFile(mesFile, {
      batchSize: config.importBatchSize,
    });
    const serials = [
      ...new Set(
        mes.flatMap((r) =>
          r.kind === 'OperationExecution'
            ? [String((r.data as { serialNumber: string }).serialNumber)]
            : [],
        ),
      ),
    ].slice(0, SAMPLES);
    log(`live MES: ${mesImport.lines} records (${serials.length} serials sampled)`);
    const evidence = new EvidenceService(executor);
    const before = await evidenceTimes(evidence, serials);
    log(
      `evidence chain before readings: median ${before.median.toFixed(1)} ms, p95 ${before.p95.toFixed(1)} ms ` +
        `(${before.operationsWithReadings} operations with readings)`,
    );

    // the plant, the collector, the writer
    simulator = await startSimulator({
      plant,
      pkiFolder: join(home, 'opcua', 'bench-simulator-pki'),
      port: 0,
      intervalMs: INTERVAL_MS,
    });
    const collectorFile = join(dir, 'bench-collector.json');
    const collectorConfig = simulatorCollectorConfig(simulator);
    writeFileSync(
      collectorFile,
      JSON.stringify(
        {
          // every sample reported, even one repeating the last value: the count is exact
          endpoints: collectorConfig.endpoints.map((e) => ({
            ...e,
            nodes: (e.nodes as Record<string, unknown>[]).map((n) => ({
              ...n,
              trigger: 'status-value-timestamp',
            })),
          })),
          queue: { flushMs: 100, maxBacklog: 0 },
        },
        null,
        2,
      ),
    );
    const childEnv = {
      ...env,
      ...neo4jEnv(target),
      REDIS_URL: redis.url,
      THREADGRAPH_REDIS_PREFIX: PREFIX,
      LOG_LEVEL: 'warn',
    };
    children.push(
      spawn(process.execPath, [CLI, 'collect', '--config', collectorFile], {
        env: childEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
      spawn(process.execPath, [CLI, 'worker'], {
        env: childEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const stream = new RedisReadingStream(redis.url, PREFIX, 0);
    const driver = benchDriver(target);
    const stored = async (): Promise<number> => {
      const session = driver.session();
      try {
        const r = await session.run('MATCH (s:ReadingSeries) RETURN sum(s.points) AS n');
        return Number(r.records[0]?.get('n') ?? 0);
      } finally {
        await session.close();
      }
    };

    // from when every signal is subscribed, the ticks are counted: the simulator ticks in this
    // process, so no tick runs between reading its count and the clock (the next one's samples
    // are stamped after `cut`)
    await waitFor(async () => (await stored()) > 0 || (await stream.backlog()) > 0);
    await sleep(2000);
    const ticksAtCut = simulator.stats().ticks;
    const cut = Date.now();
    const began = Date.now();
    let last = { at: began, n: await stored() };
    let windowStart: { at: number; n: number } | undefined;
    while (Date.now() - began < SECONDS * 1000) {
      await sleep(10_000);
      const now = { at: Date.now(), n: await stored() };
      const backlog = await stream.backlog();
      log(
        `  ${Math.round((now.at - began) / 1000)} s: ${now.n} stored, ` +
          `${Math.round(((now.n - last.n) * 1000) / (now.at - last.at))}/s, backlog ${backlog}, ` +
          `simulator ${simulator.stats().produced} set (${simulator.stats().missedTicks} ticks missed)`,
      );
      if (windowStart === undefined && now.at - began >= Math.min(60_000, (SECONDS * 1000) / 3)) {
        windowStart = now;
      }
      last = now;
    }
    const end = { at: Date.now(), n: await stored() };
    // the second cut: what was produced up to here is counted; the last samples get two seconds
    // to be published before the simulator stops
    const ticksAtEnd = simulator.stats().ticks;
    const cutEnd = Date.now();
    await sleep(2000);
    await simulator.stop();
    const sim = simulator.stats();
    simulator = undefined;
    const from = windowStart ?? { at: began, n: 0 };
    const sustained = ((end.n - from.n) * 1000) / (end.at - from.at);
    log(
      `sustained (from ${Math.round((from.at - began) / 1000)} s to the end): ${Math.round(sustained)} readings/s stored`,
    );
    const drainBegan = Date.now();
    while ((await stream.backlog()) > 0) await sleep(1000);
    await sleep(3000);
    log(`drained in ${((Date.now() - drainBegan) / 1000).toFixed(1)} s`);

    // loss and latency, from the chunks
    const session = driver.session();
    const afterCut = new Map<string, number>();
    const latencies: number[] = [];
    let doubled = 0;
    const cutTicks = BigInt(cut) * 10_000n;
    const endTicks = BigInt(cutEnd) * 10_000n;
    try {
      const result = await session.run(
        'MATCH (s:ReadingSeries) ' +
          'MATCH (c:ReadingChunk {equipmentId: s.equipmentId, tag: s.tag}) ' +
          'RETURN s.equipmentId + "." + s.tag AS k, c.from AS from, c.dt AS dt, c.storedAt AS storedAt',
      );
      const seen = new Map<string, Set<bigint>>();
      for (const r of result.records) {
        const key = String(r.get('k'));
        const times = seen.get(key) ?? new Set<bigint>();
        seen.set(key, times);
        const base = ticksOf(String(r.get('from')));
        const storedAt = Number(r.get('storedAt'));
        for (const d of r.get('dt') as number[]) {
          const t = base + BigInt(Number(d));
          if (times.has(t)) doubled += 1;
          times.add(t);
          if (t > cutTicks && t <= endTicks) afterCut.set(key, (afterCut.get(key) ?? 0) + 1);
          if (latencies.length < 3_000_000) latencies.push(storedAt - Number(t / 10_000n));
        }
      }
    } finally {
      await session.close();
    }
    const expectedEach = ticksAtEnd - ticksAtCut;
    const series = MACHINES * 5;
    let lost = 0;
    let extra = 0;
    const counts = [...afterCut.values()];
    for (const n of counts) {
      if (n < expectedEach) lost += expectedEach - n;
      else extra += n - expectedEach;
    }
    lost += (series - counts.length) * expectedEach;
    latencies.sort((a, b) => a - b);
    log(
      `loss: ${lost} of ${expectedEach * series} readings the simulator produced after the cut ` +
        `(${series} signals × ${expectedEach} ticks; ${extra} more than produced, ${doubled} doubled; ` +
        `${sim.missedTicks} ticks the simulator missed are not produced)`,
    );
    log(
      `source time → queryable: median ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, ` +
        `p99 ${percentile(latencies, 99)} ms (${latencies.length} readings)`,
    );
    const after = await evidenceTimes(evidence, serials);
    log(
      `evidence chain after readings: median ${after.median.toFixed(1)} ms, p95 ${after.p95.toFixed(1)} ms ` +
        `(${after.operationsWithReadings} operations with readings); p95 ${(((after.p95 - before.p95) / before.p95) * 100).toFixed(1)} % against before`,
    );
    await stream.close();
    await driver.close();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await sleep(2000);
    await simulator?.stop();
    await executor.close();
    await redis.stop();
    await local.stop(INSTANCE);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:readings failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
