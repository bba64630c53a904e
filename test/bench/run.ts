/**
 * `npm run bench`: the figures the issues ask for, on this machine, from scratch each run.
 *
 *   1. the demo thread for UNITS pump assemblies (default 10 000), generated once and cached;
 *   2. a fresh local Neo4j instance "bench" (its own data, heap and page cache printed);
 *   3. import throughput: lines / wall-clock seconds of `threadgraph import`, all of it;
 *   4. over HTTP, `threadgraph serve` as its own process: traceForward of the widest lot,
 *      changeImpact of ECO-0015 (every unit of its LOT effectivity), threadHealth across all sites
 *      (QUERY_SAMPLES runs each after 10 warm-ups), then evidenceChain for SAMPLES random serials
 *      (after WARMUP requests), one at a time; median, p95 (p99, max);
 *   3b. (BENCH_JOBS, default on) the same import as a queued job by 1 and by 2 worker processes,
 *      each into an emptied instance, against the direct import; a 10-line job submitted behind
 *      the running one (1 worker) and the time to its completion;
 *   5. CloudEvents accepted per second over HTTP (BENCH_EVENT_BATCHES batches of 100, default 100).
 *
 * Environment: BENCH_UNITS, BENCH_SAMPLES, BENCH_QUERY_SAMPLES, BENCH_SEED, BENCH_JOBS (0: no
 * queue figures), BENCH_EVENT_BATCHES, THREADGRAPH_HOME;
 * BENCH_QUERIES_ONLY=1 measures the queries on the graph the last run left (no generate, no import). NEO4J_URI is ignored:
 * the bench starts and wipes its own instance and never touches another database.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { loadConfig } from '../../src/config';
import { Random } from '../../src/demo/generate';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import { LocalNeo4j, NEO4J_VERSION } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';
import { ImportService } from '../../src/services/import-service';
import { demoFile } from './demo-file';
import { neo4jEnv, serveProcess, withoutNeo4jTarget } from './serve-process';
import type { BenchRedis, QueuedRun } from './jobs';
import { benchRedis, eventsOverHttp, queuedImport, workerProcess } from './jobs';
import { percentile } from './stats';

const INSTANCE = 'bench';
const env = process.env;
const UNITS = Number(env.BENCH_UNITS ?? 10_000);
const SAMPLES = Number(env.BENCH_SAMPLES ?? 1000);
const WARMUP = 50;
const QUERY_SAMPLES = Number(env.BENCH_QUERY_SAMPLES ?? 50);
const QUERIES_ONLY = env.BENCH_QUERIES_ONLY === '1';
const JOBS = env.BENCH_JOBS !== '0';
const EVENT_BATCHES = Number(env.BENCH_EVENT_BATCHES ?? 100);
const SEED = Number(env.BENCH_SEED ?? 1);
const HEAP = '2g';
// the 100 000-unit store is ~8.6 GB (half of it the verbatim record lines); the hot part fits in 6 GB
const PAGE_CACHE = '6g';

const QUERY = `query ($s: String!) { evidenceChain(serialNumber: $s) {
  serialNumber partNumber builtToRevision complete
  gaps { code ref message }
  drawing { number revision current currentRevision }
  requirements { id status }
  operations { id opNumber startedAt workInstruction { number revision current } readings { tag count mean } }
  inspections { id characteristicId result plan { number revision current } }
  nonconformances { id status via capa { id status } }
  components { kind id depth parentId }
} }`;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig(withoutNeo4jTarget(env));
  log(`threadgraph bench — ${UNITS} units, ${SAMPLES} samples, seed ${SEED}`);
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );

  // 1. the thread
  const file = await demoFile(config.local.home, UNITS, SEED, log);

  // 2. a fresh instance (BENCH_QUERIES_ONLY keeps the last run's graph and measures queries only)
  const local = new LocalNeo4j({ ...config.local, heap: HEAP, pageCache: PAGE_CACHE });
  await local.stop(INSTANCE);
  if (!QUERIES_ONLY)
    rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
  const state = await local.start(INSTANCE, { boltPort: 0, log: (m) => log(`  ${m}`) });
  log(`Neo4j ${NEO4J_VERSION} Community, heap ${HEAP}, page cache ${PAGE_CACHE}`);
  const target = local.target(INSTANCE, state.boltPort);
  const executor = Executor.connect(target, CypherRegistry.load());
  let server: ChildProcess | undefined;
  let eventWorker: ChildProcess | undefined;
  let redis: BenchRedis | undefined;
  const queued: QueuedRun[] = [];
  try {
    await migrate(executor);

    // 3. import
    const summary = QUERIES_ONLY
      ? {
          lines: 0,
          durationMs: 1,
          applied: 0,
          history: 0,
          violations: 0,
          rejected: 0,
          status: 'SKIPPED',
          derived: undefined,
        }
      : await new ImportService(executor).importCanonicalFile(file, {
          batchSize: config.importBatchSize,
        });
    const seconds = summary.durationMs / 1000;
    const deriveSeconds = (summary.derived?.durationMs ?? 0) / 1000;
    const writeSeconds = seconds - deriveSeconds;
    if (QUERIES_ONLY) {
      log('import: skipped (BENCH_QUERIES_ONLY), the graph of the last run is measured');
    } else {
      log(
        `import: ${summary.lines} records in ${seconds.toFixed(1)} s = ${Math.round(summary.lines / seconds)} records/s ` +
          `(applied ${summary.applied}, history ${summary.history}, violations ${summary.violations}, rejected ${summary.rejected}, ${summary.status})`,
      );
      log(
        `  of which writing the records ${writeSeconds.toFixed(1)} s (${Math.round(summary.lines / writeSeconds)} records/s), ` +
          `deriving ${summary.derived?.units ?? 0} units' state and ${summary.derived?.days ?? 0} days ${deriveSeconds.toFixed(1)} s`,
      );
    }

    // 3b. the same import as a queued job, by 1 and by 2 worker processes, each into an emptied
    // instance like the direct import; with 1 worker, a 10-line job submitted behind it
    if (JOBS && !QUERIES_ONLY) {
      redis = await benchRedis(config.local.home, log);
      for (const workers of [1, 2]) {
        await local.stop(INSTANCE);
        rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
        await local.start(INSTANCE, { boltPort: state.boltPort });
        await migrate(executor);
        const run = await queuedImport({
          file,
          records: summary.lines,
          workers,
          redisUrl: redis.url,
          neo4j: target,
          env: withoutNeo4jTarget(env),
          smallJob: workers === 1,
        });
        queued.push(run);
        log(
          `queued import, ${workers} worker process${workers > 1 ? 'es' : ''}: ${run.seconds.toFixed(1)} s = ${run.recordsPerSecond} records/s ` +
            `(${((run.seconds / seconds - 1) * 100).toFixed(1)} % against the direct import; ${run.state})`,
        );
        if (run.smallJobSeconds !== undefined) {
          log(
            `  a 10-line job submitted behind it completed in ${run.smallJobSeconds.toFixed(2)} s`,
          );
        }
      }
    }

    // 4. evidenceChain over HTTP, from a separate server process
    const served = await serveProcess({
      ...withoutNeo4jTarget(env),
      ...neo4jEnv(target),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    });
    server = served.child;
    const { url } = served;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const started = process.hrtime.bigint();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
      if (res.status !== 200 || body.errors)
        throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, data: body.data ?? {} };
    };
    const measure = async (
      label: string,
      query: string,
      variables: Record<string, unknown>,
      describe: (d: Record<string, unknown>) => string,
    ) => {
      let last: Record<string, unknown> = {};
      for (let i = 0; i < 10; i++) last = (await post(query, variables)).data;
      const times: number[] = [];
      for (let i = 0; i < QUERY_SAMPLES; i++) times.push((await post(query, variables)).ms);
      times.sort((a, b) => a - b);
      log(
        `${label} (${describe(last)}; ${QUERY_SAMPLES} runs): median ${percentile(times, 50).toFixed(1)} ms, ` +
          `p95 ${percentile(times, 95).toFixed(1)} ms`,
      );
      return { median: percentile(times, 50), p95: percentile(times, 95) };
    };
    const forward = await measure(
      'traceForward of lot TL-00001, first page of 100',
      'query ($lot: String) { traceForward(lotNumber: $lot, first: 100) { totalCount shippedCount units { serialNumber depth status shipmentId customer } pageInfo { hasNextPage endCursor } } }',
      { lot: 'TL-00001' },
      (d) => `${(d.traceForward as { totalCount: number }).totalCount} units`,
    );
    const impact = await measure(
      'changeImpact of ECO-0015, every unit',
      'query ($id: String!) { changeImpact(changeOrderId: $id) { escapeCount units { serialNumber workOrderId builtToRevision builtToSupersededRevision } workOrders { id units } } }',
      { id: 'ECO-0015' },
      (d) => `${(d.changeImpact as { units: unknown[] }).units.length} units`,
    );
    const health = await measure(
      'threadHealth across all sites, all time',
      '{ threadHealth { revisionEscapeRate structuredNcrRate evidenceCompleteness operations nonconformances shippedUnits bySite { site operations } releaseToFloor { medianHours } brokenBoundaryCost { annualCost } } }',
      {},
      (d) => `${(d.threadHealth as { operations: number }).operations} operations`,
    );
    const random = new Random(SEED);
    const serial = () => `SN-${String(1 + random.int(UNITS)).padStart(4, '0')}`;
    const ask = async (s: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY, variables: { s } }),
      });
      const body = (await res.json()) as { data?: { evidenceChain: unknown }; errors?: unknown };
      if (res.status !== 200 || body.errors)
        throw new Error(`query failed for ${s}: ${JSON.stringify(body.errors)}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < WARMUP; i++) await ask(serial());
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) times.push(await ask(serial()));
    times.sort((a, b) => a - b);
    log(
      `evidenceChain over HTTP (${SAMPLES} random serials after ${WARMUP} warm-up): ` +
        `median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ` +
        `p99 ${percentile(times, 99).toFixed(1)} ms, max ${(times[times.length - 1] ?? 0).toFixed(1)} ms`,
    );
    // 5. CloudEvents over HTTP, batches of 100, with one worker importing them
    let events: Awaited<ReturnType<typeof eventsOverHttp>> | undefined;
    if (redis) {
      eventWorker = workerProcess({
        ...withoutNeo4jTarget(env),
        ...neo4jEnv(target),
        REDIS_URL: redis.url,
      });
      events = await eventsOverHttp({
        url: url.replace(/graphql$/, ''),
        redisUrl: redis.url,
        prefix: 'threadgraph',
        batches: EVENT_BATCHES,
      });
      log(
        `CloudEvents over HTTP, ${EVENT_BATCHES} batches of 100 Reading events one after another: ` +
          `${events.eventsPerSecond} events/s accepted (${events.acceptSeconds.toFixed(1)} s), ` +
          `all imported after ${events.importedSeconds.toFixed(1)} s`,
      );
    }
    log(
      JSON.stringify({
        units: UNITS,
        records: summary.lines,
        importSeconds: seconds,
        recordsPerSecond: Math.round(summary.lines / seconds),
        evidenceChainMs: {
          median: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
        },
        deriveSeconds,
        traceForwardMs: forward,
        changeImpactMs: impact,
        threadHealthMs: health,
        queued,
        events,
      }),
    );
  } finally {
    server?.kill('SIGTERM');
    eventWorker?.kill('SIGTERM');
    await executor.close();
    await local.stop(INSTANCE);
    await redis?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
