/**
 * `npm run bench:floor`: how fast this machine can put the bench's demo thread into Neo4j at all,
 * whatever the importer's design — the lower bounds the import throughput goal has to be judged
 * against. On the same file `npm run bench` imports (BENCH_UNITS, default 10 000; BENCH_SEED):
 *
 *   1. Node alone, no database: reading and JSON.parse of every line; then the importer's own CPU
 *      work (validate, hash, map to graph rows, pick versions) without writing anything.
 *   2. The transactional floor: the importer's own upsert statement alone — one MERGE of one node
 *      per record with its label and properties, one uniqueness constraint, one writer, batches
 *      as the importer sends them — no relationships, placeholders, history, other indexes or
 *      derived state.
 *   3. The offline floor: Neo4j's own bulk importer (`neo4j-admin database import full`) into an
 *      empty store, of the nodes and relationships the importer writes (CSV prepared beforehand,
 *      not timed), then starting the server on that store and building the indexes and
 *      constraints (the migrations); again without the verbatim record lines (half the bytes),
 *      and with keys only (no properties at all).
 *
 * Every step uses its own local instance "floor", wiped first; no other database is touched.
 */
import { spawnSync } from 'node:child_process';
import neo4j from 'neo4j-driver';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import type { Kind } from '../../src/domain/canonical';
import { KINDS } from '../../src/domain/canonical';
import { CypherRegistry } from '../../src/graph/cypher-registry';
import { Executor } from '../../src/graph/executor';
import { LocalNeo4j, NEO4J_VERSION } from '../../src/graph/local-neo4j';
import { migrate } from '../../src/graph/migrations';
import { batches, transactionalFloor } from './transactional-floor';
import { demoFile } from './demo-file';

const INSTANCE = 'floor';
const env = process.env;
const UNITS = Number(env.BENCH_UNITS ?? 10_000);
const SEED = Number(env.BENCH_SEED ?? 1);
const HEAP = '2g';
const PAGE_CACHE = '6g';
/** What the offline floor stores: everything the importer writes, all but the verbatim record
 * lines (half the bytes), or the record keys alone. */
type Store = 'as the importer writes it' | 'without the verbatim lines' | 'keys only';

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

const seconds = (since: number) => (Date.now() - since) / 1000;
const rate = (records: number, s: number) => `${Math.round(records / s)} records/s`;

/** One CSV file of the bulk importer: its header, then rows written as they come. */
class CsvFile {
  private readonly out: Writable;
  constructor(
    readonly path: string,
    readonly columns: readonly string[],
    header: readonly string[],
  ) {
    this.out = createWriteStream(path);
    this.out.write(`${header.join(',')}\n`);
  }
  async row(values: Record<string, unknown>): Promise<void> {
    const line = this.columns.map((c) => cell(values[c])).join(',');
    if (!this.out.write(`${line}\n`)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** A property as CSV text: lists joined, neo4j integers (line numbers) as their digits. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = Array.isArray(v)
    ? v.join(';')
    : neo4j.isInt(v)
      ? v.toString()
      : typeof v === 'string'
        ? v
        : JSON.stringify(v);
  return `"${text.replace(/"/g, '""')}"`;
}

/** Every property a node of the kind can have: the rid, its fields, the envelope, provenance. */
function columnsOf(kind: Kind): string[] {
  return [
    ...new Set([
      'rid',
      ...Object.keys(KINDS[kind].fields),
      'site',
      'structured',
      'placeholder',
      'importId',
      'source',
      'system',
      'recordedAt',
      'versionHash',
      'record',
      'line',
    ]),
  ];
}

/** The graph the importer writes, as bulk-importer CSV: nodes per label, relationships. */
async function writeCsv(
  file: string,
  dir: string,
  store: Store,
  batchSize: number,
): Promise<string[]> {
  const keysOnly = store === 'keys only';
  const kept = (c: string) =>
    c !== 'rid' && (store !== 'without the verbatim lines' || c !== 'record');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const written = new Set<string>();
  const nodeFiles = new Map<string, CsvFile>();
  const nodes = async (label: string, props: Record<string, unknown>) => {
    let csv = nodeFiles.get(label);
    if (csv === undefined) {
      const columns = keysOnly ? [] : columnsOf(label as Kind).filter(kept);
      csv = new CsvFile(
        join(dir, `${label}.csv`),
        ['rid', ...columns, ':LABEL'],
        ['rid:ID', ...columns, ':LABEL'],
      );
      nodeFiles.set(label, csv);
    }
    await csv.row({ ...props, ':LABEL': `Artefact;${label}` });
  };
  const relColumns = keysOnly ? [] : ['importId', 'source', 'system', 'recordedAt'];
  const rels = new CsvFile(
    join(dir, 'relationships.csv'),
    ['from', 'to', 'type', ...relColumns],
    [':START_ID', ':END_ID', ':TYPE', ...relColumns],
  );
  let consumed: CsvFile | undefined;
  // a record written twice (a later version in a later batch) is written once: the floor only
  // needs the volume; a reference to a record no line writes becomes a placeholder node
  const placeholders = new Map<string, { label: string; props: Record<string, unknown> }>();
  for await (const batch of batches(file, batchSize)) {
    for (const g of batch.groups) {
      for (const t of g.targets) {
        if (!written.has(t.target.rid) && !placeholders.has(t.target.rid))
          placeholders.set(t.target.rid, { label: t.target.label, props: t.props });
      }
      if (written.has(g.rid)) continue;
      written.add(g.rid);
      placeholders.delete(g.rid);
      const props = g.row.props as Record<string, unknown>;
      if (!g.consumption) {
        await nodes(g.row.label as string, props);
        for (const rel of g.rels) await rels.row(rel);
      } else {
        const columns = keysOnly ? [] : ['rid', ...columnsOf('Consumption').filter(kept)];
        consumed ??= new CsvFile(
          join(dir, 'consumed.csv'),
          ['parentRid', 'childRid', ...columns],
          [':START_ID', ':END_ID', ...columns],
        );
        await consumed.row({ ...props, ...g.row });
      }
    }
  }
  for (const p of placeholders.values()) await nodes(p.label, p.props);
  const args: string[] = [];
  for (const csv of nodeFiles.values()) {
    await csv.close();
    args.push(`--nodes=${csv.path}`);
  }
  await rels.close();
  args.push(`--relationships=${rels.path}`);
  if (consumed !== undefined) {
    await consumed.close();
    args.push(`--relationships=CONSUMED=${consumed.path}`);
  }
  return args;
}

/** Step 1: Node alone. */
async function nodeAlone(file: string, batchSize: number): Promise<number> {
  let started = Date.now();
  let lines = 0;
  const reader = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  for await (const text of reader) {
    JSON.parse(text);
    lines += 1;
  }
  const parse = seconds(started);
  log(
    `1. Node alone: read and JSON.parse ${lines} lines ${parse.toFixed(1)} s (${rate(lines, parse)})`,
  );
  started = Date.now();
  for await (const batch of batches(file, batchSize)) void batch;
  const importer = seconds(started);
  log(
    `   read, validate, hash and map them as the importer does ${importer.toFixed(1)} s (${rate(lines, importer)})`,
  );
  return lines;
}

/** Step 3: the bulk importer into an empty store, then server start and migrations. */
async function offlineFloor(
  local: LocalNeo4j,
  file: string,
  lines: number,
  batchSize: number,
  store: Store,
): Promise<void> {
  const dir = local.instanceDir(INSTANCE);
  const csvDir = join(dir, 'csv');
  const args = await writeCsv(file, csvDir, store, batchSize);
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  const lib = local.ensureJars();
  let started = Date.now();
  const run = spawnSync(
    local.java(),
    [
      `-Xmx${HEAP}`,
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '-Dfile.encoding=UTF-8',
      '-cp',
      join(lib, '*'),
      'org.neo4j.cli.AdminTool',
      'database',
      'import',
      'full',
      'neo4j',
      '--overwrite-destination',
      '--multiline-fields=true',
      ...args,
    ],
    { cwd: dir, env: { ...env, NEO4J_HOME: dir, NEO4J_CONF: join(dir, 'conf') }, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`neo4j-admin import failed:\n${run.stdout}${run.stderr}`);
  const imported = seconds(started);
  const done = /Imported:\s*(\d+) nodes\s*(\d+) relationships\s*(\d+) properties/.exec(run.stdout);
  rmSync(csvDir, { recursive: true, force: true });
  started = Date.now();
  const state = await local.start(INSTANCE, { boltPort: 0 });
  const start = seconds(started);
  const executor = Executor.connect(local.target(INSTANCE, state.boltPort), CypherRegistry.load());
  try {
    started = Date.now();
    await migrate(executor);
    const indexes = seconds(started);
    const total = imported + start + indexes;
    log(
      `3. offline floor, ${store}: neo4j-admin import ${imported.toFixed(1)} s ` +
        `(${done?.[1] ?? '?'} nodes, ${done?.[2] ?? '?'} relationships, ${done?.[3] ?? '?'} properties), ` +
        `server start ${start.toFixed(1)} s, indexes and constraints ${indexes.toFixed(1)} s: ` +
        `${total.toFixed(1)} s (${rate(lines, total)})`,
    );
  } finally {
    await executor.close();
    await local.stop(INSTANCE);
  }
}

async function main(): Promise<void> {
  const config = loadConfig({});
  log(`threadgraph bench:floor — ${UNITS} units, seed ${SEED}`);
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ` +
      `Neo4j ${NEO4J_VERSION} Community, heap ${HEAP}, page cache ${PAGE_CACHE}`,
  );
  const file = await demoFile(config.local.home, UNITS, SEED, log);
  const local = new LocalNeo4j({ ...config.local, heap: HEAP, pageCache: PAGE_CACHE });
  await local.stop(INSTANCE);
  rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
  const lines = await nodeAlone(file, config.importBatchSize);
  const floorSeconds = await transactionalFloor(local, INSTANCE, file, config.importBatchSize);
  log(
    `2. transactional floor: one MERGE per record with its properties, one constraint, one writer: ` +
      `${floorSeconds.toFixed(1)} s (${rate(lines, floorSeconds)})`,
  );
  for (const store of [
    'as the importer writes it',
    'without the verbatim lines',
    'keys only',
  ] as const) {
    await offlineFloor(local, file, lines, config.importBatchSize, store);
  }
  rmSync(join(local.instanceDir(INSTANCE), 'data'), { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:floor failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
