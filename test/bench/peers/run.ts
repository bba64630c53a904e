/**
 * `npm run bench:peers`: threadgraph against what users would pick instead, on the same data in
 * the same run — PostgreSQL with a relational genealogy (as Trace-X and Odoo keep it) and GraphQL
 * generated over our own graph by the Neo4j GraphQL Library.
 *
 *   1. the demo thread for BENCH_UNITS pump assemblies (default 10 000), generated once, cached;
 *   2. a fresh local Neo4j instance "peers", the thread imported by `threadgraph import`'s code
 *      (records/s), then the transactional floor (test/bench/transactional-floor.ts) on the same
 *      file in an instance of its own: import as a share of the floor;
 *   3. PostgreSQL at PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) loaded with the
 *      graph's facts (skipped, with a message, when none is reachable); @neo4j/graphql in this
 *      process over the same graph; threadgraph as `threadgraph serve` over HTTP;
 *   4. PEERS_WARMUP rounds, then PEERS_ROUNDS rounds: in each, every question once, with the same
 *      random key for every system, the systems in a shuffled order; every answer compared with
 *      threadgraph's — the run fails on any difference;
 *   5. median and p95 per question and system, ratios threadgraph / peer;
 *   6. PROFILE of threadgraph's statements for one key per question (db hits, rows);
 *   7. under load: PEERS_CLIENTS (50) concurrent clients asking evidence chains of random serials
 *      for PEERS_LOAD_SECONDS (20): answers/s, p50, p99, errors.
 *
 * Environment: BENCH_UNITS, BENCH_SEED, PG_URL, PEERS_ROUNDS (100), PEERS_WARMUP (20),
 * PEERS_CLIENTS, PEERS_LOAD_SECONDS, PEERS_REUSE=1 (measure the graph the last run left: no
 * import, no floor), THREADGRAPH_HOME. The figures are also written to
 * THREADGRAPH_HOME/bench/peers-UNITS.json.
 */
import { writeFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import type { Neo4jTarget } from '../../../src/config';
import { loadConfig } from '../../../src/config';
import { Random } from '../../../src/demo/generate';
import { CypherRegistry } from '../../../src/graph/cypher-registry';
import type { ProfiledStatement } from '../../../src/graph/executor';
import { Executor } from '../../../src/graph/executor';
import { LocalNeo4j, NEO4J_VERSION } from '../../../src/graph/local-neo4j';
import { migrate } from '../../../src/graph/migrations';
import { createServices } from '../../../src/main';
import { ImportService } from '../../../src/services/import-service';
import { demoFile } from '../demo-file';
import type { ServeProcess } from '../serve-process';
import { benchDriver, neo4jEnv, serveProcess, withoutNeo4jTarget } from '../serve-process';
import { cpuUsedBy } from '../cpu';
import { percentile } from '../stats';
import { transactionalFloor } from '../transactional-floor';
import type { Peer, Question } from './answers';
import { difference } from './answers';
import { load } from './load';
import type { LoadFigures } from './load';
import { neo4jGraphqlPeer } from './neo4j-graphql';
import { postgresPeer } from './postgres';
import { threadgraphPeer } from './threadgraph';
import { pickKeys } from './keys';
import type { Keys } from './keys';

const env = process.env;
const UNITS = Number(env.BENCH_UNITS ?? 10_000);
const SEED = Number(env.BENCH_SEED ?? 1);
const ROUNDS = Number(env.PEERS_ROUNDS ?? 100);
const WARMUP = Number(env.PEERS_WARMUP ?? 20);
const CLIENTS = Number(env.PEERS_CLIENTS ?? 50);
const LOAD_SECONDS = Number(env.PEERS_LOAD_SECONDS ?? 20);
const REUSE = env.PEERS_REUSE === '1';
const PG_URL = env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INSTANCE = 'peers';
const HEAP = '2g';
const PAGE_CACHE = env.PEERS_PAGE_CACHE ?? '6g';

/** The questions of the issue's table, each with how its key is drawn. */
const QUESTIONS: readonly {
  readonly label: string;
  readonly question: (keys: Keys, random: Random) => Question;
}[] = [
  {
    label: 'evidence chain of a serial',
    question: (k, r) => ({ kind: 'evidence', serialNumber: pick(k.pumps, r) }),
  },
  {
    label: 'as-built tree (backward)',
    question: (k, r) => ({ kind: 'asBuilt', serialNumber: pick(k.pumps, r) }),
  },
  {
    label: 'recall scope of a component serial',
    question: (k, r) => ({ kind: 'recallSerial', serialNumber: pick(k.components, r) }),
  },
  {
    label: `recall scope of a lot`,
    question: (k, r) => ({ kind: 'recallLot', lotNumber: pick(k.lots, r) }),
  },
  {
    label: 'recall scope, widest lot: count + first 100',
    question: (k) => ({ kind: 'recallWidestFirst', lotNumber: k.widestLot }),
  },
  {
    label: 'recall scope, widest lot: the whole list',
    question: (k) => ({ kind: 'recallWidestAll', lotNumber: k.widestLot }),
  },
];

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function pick<T>(list: readonly T[], random: Random): T {
  return list[random.int(list.length)] as T;
}

async function main(): Promise<void> {
  const config = loadConfig(withoutNeo4jTarget(env));
  log(`threadgraph bench:peers — ${UNITS} units, seed ${SEED}, ${ROUNDS} rounds after ${WARMUP}`);
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; ` +
      `Neo4j ${NEO4J_VERSION} Community, heap ${HEAP}, page cache ${PAGE_CACHE}`,
  );
  const file = await demoFile(config.local.home, UNITS, SEED, log);
  const local = new LocalNeo4j({ ...config.local, heap: HEAP, pageCache: PAGE_CACHE });
  await local.stop(INSTANCE);
  if (!REUSE) rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
  const state = await local.start(INSTANCE, { boltPort: 0 });
  const target = local.target(INSTANCE, state.boltPort);
  const executor = Executor.connect(target, CypherRegistry.load());
  const peers: Peer[] = [];
  let served: ServeProcess | undefined;
  try {
    await migrate(executor);
    const imported = REUSE ? undefined : await importAndFloor(executor, local, file);
    if (REUSE) await warmPageCache(target);
    const keys = await pickKeys(target);
    log(
      `keys: ${keys.pumps.length} pump serials, ${keys.components.length} component serials, ` +
        `${keys.lots.length} lots of 75–250 units, widest lot ${keys.widestLot} (${keys.widestCount} units)`,
    );

    served = await serveProcess({ ...withoutNeo4jTarget(env), ...neo4jEnv(target) });
    peers.push(threadgraphPeer(served.url));
    const pg = await postgresPeer({ pgUrl: PG_URL, neo4j: target, log });
    if (pg) peers.push(pg);
    peers.push(await neo4jGraphqlPeer({ neo4j: target, log }));

    const random = new Random(SEED);
    const times = new Map<string, number[]>();
    const differences: string[] = [];
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      for (const { label, question } of QUESTIONS) {
        const q = question(keys, random);
        const order = shuffled(peers, random);
        const answers = new Map<string, unknown>();
        for (const peer of order) {
          const started = performance.now();
          answers.set(peer.name, await peer.ask(q));
          const ms = performance.now() - started;
          if (round >= WARMUP) push(times, `${label}\u0000${peer.name}`, ms);
        }
        const reference = answers.get('threadgraph');
        for (const peer of peers.slice(1)) {
          const d = difference(reference, answers.get(peer.name));
          if (d)
            differences.push(
              `${label} ${JSON.stringify(q)}: threadgraph against ${peer.name}: ${d}`,
            );
        }
      }
    }
    const table = printTable(peers, times);
    const profile = await profileQuestions(target, keys);
    const loaded = await loadTest(served.url, keys, {
      Neo4j: state.pid,
      'threadgraph server': served.child.pid,
      'load clients': process.pid,
    });
    const figures = {
      units: UNITS,
      seed: SEED,
      rounds: ROUNDS,
      imported,
      table,
      profile,
      load: loaded,
    };
    const out = join(config.local.home, 'bench', `peers-${UNITS}.json`);
    writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    log(`figures written to ${out}`);
    if (differences.length > 0) {
      for (const d of differences.slice(0, 20)) log(`DIFFERENT: ${d}`);
      throw new Error(`${differences.length} answers differ between systems`);
    }
    log(`every answer the same across ${peers.map((p) => p.name).join(', ')}`);
  } finally {
    for (const peer of peers) await peer.close();
    served?.child.kill('SIGTERM');
    await executor.close();
    await local.stop(INSTANCE);
  }
}

/**
 * A graph the last run left is read whole once (every node's and relationship's properties), as
 * the import leaves it in the page cache: random keys would otherwise be measured from disk.
 */
async function warmPageCache(target: Neo4jTarget): Promise<void> {
  const started = performance.now();
  const driver = benchDriver(target, { disableLosslessIntegers: true });
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    await session.run('MATCH (n) RETURN count(properties(n)) AS n');
    await session.run('MATCH ()-[r]->() RETURN count(properties(r)) AS n');
  } finally {
    await session.close();
    await driver.close();
  }
  log(
    `page cache warmed: the whole graph read once in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The import as `threadgraph import` runs it, then the floor on the same file. */
async function importAndFloor(executor: Executor, local: LocalNeo4j, file: string) {
  const batchSize = loadConfig({}).importBatchSize;
  const summary = await new ImportService(executor).importCanonicalFile(file, { batchSize });
  const seconds = summary.durationMs / 1000;
  const deriveSeconds = (summary.derived?.durationMs ?? 0) / 1000;
  const recordsPerSecond = Math.round(summary.lines / seconds);
  log(
    `import: ${summary.lines} records in ${seconds.toFixed(1)} s = ${recordsPerSecond} records/s ` +
      `(of which deriving ${deriveSeconds.toFixed(1)} s; ${summary.status})`,
  );
  const floorSeconds = await transactionalFloor(local, `${INSTANCE}-floor`, file, batchSize);
  const floorPerSecond = Math.round(summary.lines / floorSeconds);
  const share = recordsPerSecond / floorPerSecond;
  log(
    `transactional floor on the same file: ${floorSeconds.toFixed(1)} s = ${floorPerSecond} records/s; ` +
      `import at ${(share * 100).toFixed(0)} % of it`,
  );
  return {
    records: summary.lines,
    seconds,
    deriveSeconds,
    recordsPerSecond,
    floorPerSecond,
    share,
  };
}

function printTable(peers: readonly Peer[], times: Map<string, number[]>) {
  const rows = QUESTIONS.map(({ label }) => {
    const of = (name: string) => {
      const list = [...(times.get(`${label}\u0000${name}`) ?? [])].sort((a, b) => a - b);
      return { median: percentile(list, 50), p95: percentile(list, 95) };
    };
    return { label, systems: Object.fromEntries(peers.map((p) => [p.name, of(p.name)])) };
  });
  const names = peers.map((p) => p.name);
  const others = names.slice(1);
  log('');
  log(
    `| question (${UNITS} units) | ${names.map((n) => `${n} median / p95 ms`).join(' | ')} | ` +
      `${others.map((n) => `÷ ${n} median / p95`).join(' | ')} |`,
  );
  log(`| --- | ${names.map(() => '---:').join(' | ')} | ${others.map(() => '---:').join(' | ')} |`);
  for (const row of rows) {
    const tg = row.systems.threadgraph as { median: number; p95: number };
    const cells = names.map((n) => {
      const s = row.systems[n] as { median: number; p95: number };
      return `${s.median.toFixed(1)} / ${s.p95.toFixed(1)}`;
    });
    const ratios = others.map((n) => {
      const s = row.systems[n] as { median: number; p95: number };
      return `${(tg.median / s.median).toFixed(2)}× / ${(tg.p95 / s.p95).toFixed(2)}×`;
    });
    log(`| ${row.label} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  log('');
  return rows;
}

/** threadgraph's statements for one key per question, under PROFILE: db hits and rows each. */
async function profileQuestions(target: Neo4jTarget, keys: Keys) {
  const statements: ProfiledStatement[] = [];
  const executor = Executor.connect(target, CypherRegistry.load(), (s) => statements.push(s));
  const services = createServices(executor);
  const asked: Record<string, () => Promise<unknown>> = {
    evidenceChain: () => services.evidence.chain(keys.pumps[0] as string),
    traceBackward: () => services.trace.backward({ serialNumber: keys.pumps[0] }, 50),
    'traceForward (component serial)': () =>
      services.trace.forward({ serialNumber: keys.components[0] }, 1000, null),
    'traceForward (lot)': () => services.trace.forward({ lotNumber: keys.lots[0] }, 1000, null),
    'traceForward (widest lot, first 100)': () =>
      services.trace.forward({ lotNumber: keys.widestLot }, 100, null),
  };
  const profile: Record<string, { statements: number; dbHits: number; rows: number }> = {};
  try {
    for (const [question, ask] of Object.entries(asked)) {
      statements.length = 0;
      await ask();
      const summed = statements.reduce(
        (sum, s) => ({
          statements: sum.statements + 1,
          dbHits: sum.dbHits + s.dbHits,
          rows: sum.rows + s.rows,
        }),
        { statements: 0, dbHits: 0, rows: 0 },
      );
      profile[question] = summed;
      log(
        `PROFILE ${question}: ${summed.statements} statements, ${summed.dbHits} db hits, ${summed.rows} rows — ` +
          statements.map((s) => `${s.name} ${s.dbHits}`).join(', '),
      );
    }
  } finally {
    await executor.close();
  }
  return profile;
}

async function loadTest(
  url: string,
  keys: Keys,
  pids: Record<string, number | undefined>,
): Promise<LoadFigures & { cpuMsPerAnswer: Record<string, number | undefined> }> {
  const random = new Random(SEED + 1);
  const query =
    'query ($s: String!) { evidenceChain(serialNumber: $s) { serialNumber complete gaps { code ref } ' +
    'operations { id opNumber workInstruction { number revision current } } ' +
    'inspections { id result plan { number revision current } } nonconformances { id status } ' +
    'components { kind id depth parentId } } }';
  const { result: figures, cpu } = await cpuUsedBy(pids, () =>
    load({ clients: CLIENTS, seconds: LOAD_SECONDS }, async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { s: pick(keys.pumps, random) } }),
      });
      const body = (await res.json()) as { data?: { evidenceChain?: unknown }; errors?: unknown };
      if (res.status !== 200 || body.errors || !body.data?.evidenceChain)
        throw new Error(`${res.status} ${JSON.stringify(body.errors)}`);
    }),
  );
  log(
    `under load: ${figures.clients} clients for ${figures.seconds.toFixed(1)} s: ${figures.answersPerSecond} evidence chains/s, ` +
      `p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms, max ${figures.maxMs.toFixed(1)} ms, ` +
      `${figures.errors} errors${figures.firstError ? ` (first: ${figures.firstError})` : ''}`,
  );
  // what one answer cost each process: with every core busy, cores ÷ the sum is the ceiling
  const cpuMsPerAnswer = Object.fromEntries(
    Object.entries(cpu).map(([k, s]) => [
      k,
      s === undefined || figures.answers === 0 ? undefined : (s * 1000) / figures.answers,
    ]),
  );
  const known = Object.values(cpuMsPerAnswer).filter((v): v is number => v !== undefined);
  if (known.length > 0) {
    const total = known.reduce((a, b) => a + b, 0);
    log(
      `CPU per answer under load: ${Object.entries(cpuMsPerAnswer)
        .map(([k, v]) => `${k} ${v === undefined ? '?' : v.toFixed(2)} ms`)
        .join(', ')}; ${total.toFixed(2)} ms in all, so ${cpus().length} cores answer at most ` +
        `${Math.round((cpus().length * 1000) / total)}/s`,
    );
  }
  return { ...figures, cpuMsPerAnswer };
}

function shuffled<T>(list: readonly T[], random: Random): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:peers failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
