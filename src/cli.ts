/**
 * The `threadgraph` command. Answers go to stdout, logs to stderr; exit codes are listed in HELP.
 */
import './production-default';
import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from './config';
import { loadConfig } from './config';
import { demoLines } from './demo/generate';
import { writeLines } from './demo/write-lines';
import type { ErrorCode } from './domain/errors';
import { ThreadgraphError } from './domain/errors';
import { LocalNeo4j } from './graph/local-neo4j';
import { createLogger } from './logger';
import type { Services } from './main';
import {
  LOCAL_INSTANCE,
  createServices,
  onShutdown,
  openGraph,
  printApiSchema,
  serve,
} from './main';
import { renderEvidenceChain } from './render/evidence-text';
import {
  renderBackwardTrace,
  renderChangeImpact,
  renderForwardTrace,
  renderOwnership,
  renderThreadHealth,
} from './render/questions-text';
import type { AffectedUnit } from './services/trace-service';
import type { ImportSummary } from './services/import-service';

const HELP = `threadgraph — the digital thread of every serial number, in Neo4j, over GraphQL

Usage:
  threadgraph start [--demo-units N]   start the local Neo4j (unless NEO4J_URI is set), migrate,
                                       load the demo thread into an empty graph, serve GraphQL
  threadgraph serve                    serve GraphQL at http://HOST:PORT/graphql
  threadgraph import [--format canonical] FILE...
                                       import canonical JSON Lines; prints what was applied,
                                       rejected (line and reason) and refused by authority
  threadgraph trace SERIAL [--json]    the evidence chain of a serial number
  threadgraph trace --forward LOT|SERIAL [--json]
                                       every unit that contains it, at any depth (recall scope)
  threadgraph trace --backward SERIAL|LOT [--depth N] [--json]
                                       its as-built tree; cycles in the data are reported
  threadgraph impact CHANGE-ORDER [--json]
                                       units and work orders inside its effectivity, and escapes
  threadgraph health [--site S] [--from T] [--to T] [--cost-per-escape X] [--changes-per-year N] [--json]
                                       thread health: escape rate, structured NCRs, complete
                                       evidence, release to floor, cost of broken boundaries
  threadgraph search PREFIX [--kind Unit|Lot|WorkOrder|Part|Nonconformance|ChangeOrder]...
  threadgraph audit [--json]           data ownership audit per artefact class
  threadgraph derive                   work out every unit's derived state and daily counts again
  threadgraph schema                   print the GraphQL schema served (SDL)
  threadgraph generate --units N [--seed S] [--out FILE]
                                       write the demo thread as canonical JSON Lines
  threadgraph db start|stop|status     the local Neo4j (data under THREADGRAPH_HOME)
  threadgraph db migrate               apply the graph schema migrations

Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (another Neo4j instead of the
local one); PORT (4000), HOST (127.0.0.1); THREADGRAPH_HOME (~/.threadgraph),
THREADGRAPH_BOLT_PORT (7687), THREADGRAPH_NEO4J_HEAP (1g), THREADGRAPH_NEO4J_PAGECACHE (512m);
THREADGRAPH_IMPORT_BATCH (2000); THREADGRAPH_COST_PER_ESCAPE (11000),
THREADGRAPH_CHANGES_PER_YEAR (500), THREADGRAPH_CURRENCY (GBP); LOG_LEVEL (info).

Exit codes: 0 done; 1 bad usage, configuration or unreadable input; 2 not found;
3 Neo4j unavailable or an import failed part-way; 4 internal error.
`;

const EXIT: Record<ErrorCode | 'USAGE', number> = {
  USAGE: 1,
  INVALID_INPUT: 1,
  CONFIG_INVALID: 1,
  NOT_FOUND: 2,
  GOVERNANCE_VIOLATION: 1,
  UNAVAILABLE: 3,
  INTERNAL: 4,
};

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === 'generate') return generate(rest);
  if (command === 'schema') {
    parse(rest, {});
    // the GraphQL schema as served (SDL); src/api/schema.graphql is this, committed and checked
    process.stdout.write(`${await printApiSchema()}\n`);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  switch (command) {
    case 'db':
      return db(rest, config, logger);
    case 'import':
      return importFiles(rest, config, logger);
    case 'trace':
      return trace(rest, config, logger);
    case 'impact':
      return impact(rest, config, logger);
    case 'health':
      return health(rest, config, logger);
    case 'search':
      return search(rest, config, logger);
    case 'audit':
      return audit(rest, config, logger);
    case 'derive':
      return derive(rest, config, logger);
    case 'serve':
      if (rest.length > 0) {
        throw new UsageError(
          'usage: threadgraph serve — it takes no arguments: set HOST and PORT in the environment',
        );
      }
      return start(config, logger, { startLocal: false, demoUnits: 0 });
    case 'start': {
      const { values } = parse(rest, { 'demo-units': { type: 'string', default: '500' } });
      return start(config, logger, {
        startLocal: true,
        demoUnits: positive(values['demo-units'], '--demo-units'),
      });
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; see threadgraph help`);
  }
}

async function db(args: string[], config: Config, logger: Logger): Promise<number> {
  const [action] = args;
  const local = new LocalNeo4j(config.local);
  const say = (m: string) => process.stdout.write(`${m}\n`);
  if (action === 'migrate') {
    // opening the graph applies what is missing: say what that was
    const { executor, applied } = await openGraph(config, logger);
    try {
      say(applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema is up to date');
    } finally {
      await executor.close();
    }
    return 0;
  }
  if (config.neo4j.mode === 'external' && action !== 'status') {
    throw new UsageError(
      `NEO4J_URI is set (${config.neo4j.uri}): db ${action} manages only the local Neo4j`,
    );
  }
  switch (action) {
    case 'start': {
      const state = await local.start(LOCAL_INSTANCE, {
        boltPort: config.local.boltPort,
        log: say,
      });
      const { executor } = await openGraph(config, logger);
      await executor.close();
      say(
        `Neo4j runs at bolt://127.0.0.1:${state.boltPort} (pid ${state.pid}); schema is up to date`,
      );
      return 0;
    }
    case 'stop':
      say((await local.stop(LOCAL_INSTANCE)) ? 'Neo4j stopped' : 'Neo4j was not running');
      return 0;
    case 'status': {
      if (config.neo4j.mode === 'external') {
        say(`using NEO4J_URI ${config.neo4j.uri} (not managed here)`);
        return 0;
      }
      const status = await local.status(LOCAL_INSTANCE);
      say(
        status.running && status.state
          ? `running: bolt://127.0.0.1:${status.state.boltPort} pid ${status.state.pid} since ${status.state.startedAt}; data in ${status.dir}`
          : `not running; data in ${status.dir}`,
      );
      return status.running ? 0 : 3;
    }
    default:
      throw new UsageError('usage: threadgraph db start|stop|status|migrate');
  }
}

async function importFiles(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values, positionals } = parse(
    args,
    { format: { type: 'string', default: 'canonical' } },
    true,
  );
  if (values.format !== 'canonical') {
    throw new UsageError(
      `unknown --format ${JSON.stringify(values.format)}: this version reads canonical`,
    );
  }
  if (positionals.length === 0)
    throw new UsageError('usage: threadgraph import [--format canonical] FILE...');
  const { executor } = await openGraph(config, logger);
  const { imports } = createServices(executor, config.boundaryCost);
  let code = 0;
  try {
    for (const file of positionals) {
      const summary = await imports.importCanonicalFile(file, {
        batchSize: config.importBatchSize,
      });
      process.stdout.write(describeImport(summary));
      if (summary.status === 'FAILED') code = EXIT.UNAVAILABLE;
    }
  } finally {
    await executor.close();
  }
  return code;
}

const SHOWN_REJECTIONS = 50;

export function describeImport(s: ImportSummary): string {
  const seconds = s.durationMs / 1000;
  const lines = [
    `${s.status === 'COMPLETED' ? 'imported' : 'FAILED importing'} ${s.file} (sha256 ${s.fileHash.slice(0, 12)}…) as ${s.importId}`,
    `  ${s.lines} lines in ${seconds.toFixed(1)} s (${Math.round(s.lines / Math.max(seconds, 0.001))} lines/s)`,
    `  applied ${s.applied}, unchanged ${s.unchanged}, kept as history ${s.history}, ` +
      `rejected ${s.rejected}, governance violations ${s.violations}`,
  ];
  if (s.derived) {
    lines.push(
      `  derived state worked out again for ${s.derived.units} units and ${s.derived.days} days in ${(s.derived.durationMs / 1000).toFixed(1)} s`,
    );
  }
  if (s.violations > 0) {
    lines.push(
      `  ${s.violations} refused: their source is not the authority for their class; ` +
        'the governanceViolations query lists them',
    );
  }
  for (const r of s.rejections.slice(0, SHOWN_REJECTIONS)) {
    lines.push(`  rejected line ${r.line}${r.field ? ` (${r.field})` : ''}: ${r.reason}`);
  }
  if (s.rejected > SHOWN_REJECTIONS) {
    lines.push(
      `  … and ${s.rejected - SHOWN_REJECTIONS} more rejected lines (the first 1000 are kept on the Import record)`,
    );
  }
  if (s.error)
    lines.push(
      `  error: ${s.error}`,
      '  the batches before the failure are applied; run the same import again to complete it',
    );
  return `${lines.join('\n')}\n`;
}

/** Runs `work` on the configured graph with every service, closing the connection after. */
async function withServices<T>(
  config: Config,
  logger: Logger,
  work: (s: Services) => Promise<T>,
): Promise<T> {
  const { executor } = await openGraph(config, logger);
  try {
    return await work(createServices(executor, config.boundaryCost));
  } finally {
    await executor.close();
  }
}

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);

async function trace(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      json: { type: 'boolean', default: false },
      forward: { type: 'boolean', default: false },
      backward: { type: 'boolean', default: false },
      depth: { type: 'string', default: '50' },
    },
    true,
  );
  const [id] = positionals;
  if (id === undefined || positionals.length > 1 || (values.forward && values.backward)) {
    throw new UsageError(
      'usage: threadgraph trace [--forward | --backward [--depth N]] SERIAL|LOT [--json]',
    );
  }
  return withServices(config, logger, async (s) => {
    if (values.forward) {
      // a lot or a serial: whichever of them is known
      let target: { lotNumber?: string; serialNumber?: string } = { lotNumber: id };
      let first = await s.trace.forward(target, 1, null);
      if (!first.found) {
        target = { serialNumber: id };
        first = await s.trace.forward(target, 1, null);
      }
      if (!first.found) throw new ThreadgraphError('NOT_FOUND', `no lot or serial ${id}`);
      const units: AffectedUnit[] = [];
      for (let after: string | null = null; ;) {
        const page = await s.trace.forward(target, 1000, after);
        units.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      print(values.json, units, () =>
        renderForwardTrace(`${target.lotNumber ? 'lot' : 'serial'} ${id}`, units),
      );
      return 0;
    }
    if (values.backward) {
      let tree = await s.trace.backward({ serialNumber: id }, positive(values.depth, '--depth'));
      if (!tree.found)
        tree = await s.trace.backward({ lotNumber: id }, positive(values.depth, '--depth'));
      if (!tree.found) throw new ThreadgraphError('NOT_FOUND', `no serial or lot ${id}`);
      print(values.json, tree, () => renderBackwardTrace(tree));
      return 0;
    }
    const chain = await s.evidence.chain(id);
    if (chain === null) throw new ThreadgraphError('NOT_FOUND', `no unit with serial number ${id}`);
    print(values.json, chain, () => renderEvidenceChain(chain));
    return 0;
  });
}

async function impact(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, true);
  const [id] = positionals;
  if (id === undefined || positionals.length > 1)
    throw new UsageError('usage: threadgraph impact CHANGE-ORDER [--json]');
  return withServices(config, logger, async (s) => {
    const result = await s.impact.changeImpact(id);
    if (result === null) throw new ThreadgraphError('NOT_FOUND', `no change order ${id}`);
    print(values.json, result, () => renderChangeImpact(result));
    return 0;
  });
}

async function health(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean', default: false },
    site: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'cost-per-escape': { type: 'string' },
    'changes-per-year': { type: 'string' },
  });
  const amount = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new UsageError(`${name} must be a number of at least 0`);
    return n;
  };
  return withServices(config, logger, async (s) => {
    const h = await s.health.threadHealth(values.site, values.from, values.to);
    const cost = h.brokenBoundaryCost(
      amount(values['cost-per-escape'], '--cost-per-escape'),
      amount(values['changes-per-year'], '--changes-per-year'),
    );
    print(values.json, { ...h, brokenBoundaryCost: cost }, () => renderThreadHealth(h, cost));
    return 0;
  });
}

async function derive(args: string[], config: Config, logger: Logger): Promise<number> {
  parse(args, {});
  return withServices(config, logger, async (s) => {
    const d = await s.derive.all();
    process.stdout.write(
      `derived ${d.units} units and ${d.days} days in ${(d.durationMs / 1000).toFixed(1)} s\n`,
    );
    return 0;
  });
}

async function search(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean', default: false }, kind: { type: 'string', multiple: true } },
    true,
  );
  const [prefix] = positionals;
  if (prefix === undefined || positionals.length > 1)
    throw new UsageError('usage: threadgraph search PREFIX [--kind K]... [--json]');
  return withServices(config, logger, async (s) => {
    const hits = await s.trace.search(prefix, values.kind, 50);
    print(values.json, hits, () =>
      hits.length === 0
        ? `nothing starts with ${prefix}`
        : hits
            .map(
              (h) =>
                `${h.kind.padEnd(15)} ${h.key}${h.partNumber && h.kind !== 'Part' ? `  ${h.partNumber}` : ''}${h.status ? `  ${h.status}` : ''}${h.placeholder ? '  (referenced, not received)' : ''}`,
            )
            .join('\n'),
    );
    return 0;
  });
}

async function audit(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  return withServices(config, logger, async (s) => {
    const rows = await s.audit.ownership();
    print(values.json, rows, () => renderOwnership(rows));
    return 0;
  });
}

async function generate(args: string[]): Promise<number> {
  const { values } = parse(args, {
    units: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  });
  if (values.units === undefined)
    throw new UsageError('usage: threadgraph generate --units N [--seed S] [--out FILE]');
  const options = {
    units: positive(values.units, '--units'),
    seed: nonNegative(values.seed, '--seed'),
  };
  await writeLines(demoLines(options), values.out);
  return 0;
}

async function start(
  config: Config,
  logger: Logger,
  options: { startLocal: boolean; demoUnits: number },
): Promise<number> {
  const { executor, startedLocal } = await openGraph(config, logger, {
    startLocal: options.startLocal,
  });
  const services = createServices(executor, config.boundaryCost);
  if (options.demoUnits > 0) {
    const [count] = await executor.read('start', (q) =>
      q.run<{ artefacts: number }>('admin/count-artefacts'),
    );
    if ((count?.artefacts ?? 0) === 0) {
      const dir = join(config.local.home, 'demo');
      const file = join(dir, `demo-${options.demoUnits}-1.jsonl`);
      if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        await writeLines(demoLines({ units: options.demoUnits, seed: 1 }), file);
      }
      logger.info({ file }, 'the graph is empty: loading the demo thread');
      const summary = await services.imports.importCanonicalFile(file, {
        batchSize: config.importBatchSize,
      });
      process.stderr.write(describeImport(summary));
    }
  }
  const api = await serve(services, config, logger);
  process.stdout.write(
    `threadgraph is ready: open ${api.url} (GraphQL at ${api.url}graphql)\n` +
      `try: evidenceChain(serialNumber: "SN-0047") — stop with Ctrl+C\n`,
  );
  onShutdown(logger, async () => {
    await api.stop();
    await executor.close();
    if (startedLocal) await new LocalNeo4j(config.local).stop(LOCAL_INSTANCE);
  });
  return new Promise<number>(() => undefined); // runs until a signal
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function positive(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
  return n;
}

function nonNegative(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer`);
  return n;
}

/** Runs the command and sets the exit code; errors become one line on stderr. */
export function run(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = EXIT.USAGE;
      } else if (e instanceof ThreadgraphError) {
        process.stderr.write(`threadgraph: ${e.message}\n`);
        process.exitCode = EXIT[e.code];
      } else {
        process.stderr.write(`threadgraph: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = EXIT.INTERNAL;
      }
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
