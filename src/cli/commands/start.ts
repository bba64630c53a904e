/**
 * `threadgraph start`: everything a new user needs in one process — the local Neo4j (unless
 * NEO4J_URI), a Redis for the job queue (unless one answers, or REDIS_URL is set), an import
 * worker, the demo thread loaded as an import job into an empty graph, and the API.
 * `threadgraph serve`: the API alone, against the configured Neo4j and Redis.
 * Where they listen (HOST, PORT) is checked first: a busy port is one line, not a stack trace,
 * and everything started before the API is stopped again if it cannot listen after all.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { redactedUrl } from '../../config';
import { demoLines } from '../../demo/generate';
import { writeLines } from '../../demo/write-lines';
import { ThreadgraphError } from '../../domain/errors';
import { LocalNeo4j } from '../../graph/local-neo4j';
import type { RunningWorker } from '../../jobs/import-worker';
import { AuditTrail } from '../../services/audit-trail-service';
import type { Jobs } from '../../main';
import {
  LOCAL_INSTANCE,
  checkSignInForHost,
  createServices,
  onShutdown,
  openGraph,
  openJobs,
  runReadings,
  runWorker,
  serve,
} from '../../main';
import type { ImportJob } from '../../services/import-jobs';
import type { CommandHelp } from '../args';
import { parse, positive, UsageError } from '../args';
import { Progress } from '../progress';
import { describeImport } from '../render/import-text';
import { followJobs } from './follow-jobs';
import type { RunningPlant } from './start-plant';
import { startDemoPlant } from './start-plant';

const DEFAULT_DEMO_UNITS = 500;

export const startHelp: CommandHelp = {
  usage: ['threadgraph start [--demo-units N] [--no-plant]'],
  summary:
    'start the local Neo4j (unless NEO4J_URI is set), migrate, load the demo thread into an ' +
    'empty graph, serve GraphQL',
  description:
    'Starts the local Neo4j (unless NEO4J_URI is set) and a Redis (unless one answers at ' +
    'REDIS_URL), applies the schema migrations, runs an import worker, loads the demo thread as ' +
    "an import job when the graph is empty, runs a simulated plant of the demo's machines over " +
    'OPC UA with a collector subscribed to it (live readings, motor health, the MES records of ' +
    'its operations every 30 s), and serves GraphQL at http://HOST:PORT/ (HOST 127.0.0.1, PORT ' +
    '4000: set them in the environment). Ctrl+C stops everything it started.',
  options: [
    [
      '--demo-units N',
      `units in the demo thread (default ${DEFAULT_DEMO_UNITS}); loaded into an empty graph only`,
    ],
    ['--no-plant', 'no simulated plant, no collector'],
  ],
};

export const serveHelp: CommandHelp = {
  usage: ['threadgraph serve'],
  summary: 'serve GraphQL at http://HOST:PORT/graphql',
  description:
    'Serves GraphQL at http://HOST:PORT/graphql, the landing page at /, /healthz, /metrics and ' +
    '/events, against the configured Neo4j and Redis. It takes no arguments: set HOST ' +
    '(127.0.0.1) and PORT (4000) in the environment.',
};

export async function startCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, {
    'demo-units': { type: 'string' },
    'no-plant': { type: 'boolean' },
  });
  const given = values['demo-units'];
  return run(config, logger, {
    startLocal: true,
    plant: values['no-plant'] !== true,
    demoUnits: given === undefined ? DEFAULT_DEMO_UNITS : positive(given, '--demo-units'),
    demoUnitsGiven: given !== undefined,
  });
}

export async function serveCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  if (args.length > 0) {
    throw new UsageError(
      `it takes no arguments (${args[0]}): set HOST and PORT in the environment, e.g. PORT=5000 threadgraph serve`,
    );
  }
  return run(config, logger, {
    startLocal: false,
    plant: false,
    demoUnits: 0,
    demoUnitsGiven: false,
  });
}

async function run(
  config: Config,
  logger: Logger,
  options: { startLocal: boolean; plant: boolean; demoUnits: number; demoUnitsGiven: boolean },
): Promise<number> {
  const { host, port } = config.http;
  // before starting anything: a busy port or a missing sign-in is found in a moment, not after
  // Neo4j has started
  checkSignInForHost(config);
  await checkListen(host, port);
  const { executor, startedLocal } = await openGraph(config, logger, {
    startLocal: options.startLocal,
  });
  const services = createServices(executor, config.boundaryCost);
  let jobs: (Jobs & { startedLocal: boolean }) | undefined;
  let worker: RunningWorker | undefined;
  let readings: Awaited<ReturnType<typeof runReadings>> | undefined;
  let plant: RunningPlant | undefined;
  const stopAll = async () => {
    await plant?.stop();
    await readings?.close();
    await worker?.close('drain');
    await jobs?.close();
    await executor.close();
    if (startedLocal) await new LocalNeo4j(config.local).stop(LOCAL_INSTANCE);
  };
  let api: Awaited<ReturnType<typeof serve>>;
  try {
    try {
      jobs = await openJobs(config, executor, logger, { startLocal: options.startLocal });
    } catch (e) {
      // `serve` with no REDIS_URL and no Redis at the default address still answers questions
      if (options.startLocal || config.jobs.redisUrlGiven) throw e;
      logger.warn(
        { err: (e as Error).message },
        'no Redis: serving without import jobs (startImport, /events and the jobs queries answer UNAVAILABLE); set REDIS_URL',
      );
    }
    if (jobs !== undefined) {
      // the reading writer runs where import workers run; `serve` only follows the live feed
      readings = await runReadings(config, services, jobs, logger, { writer: options.startLocal });
    }
    if (jobs !== undefined && options.startLocal) {
      worker = await runWorker(config, services, jobs, logger);
      if (options.demoUnits > 0) await loadDemo(config, executor, jobs, options);
      if (options.plant) {
        plant = await startDemoPlant(config, jobs, options.demoUnits || DEFAULT_DEMO_UNITS, logger);
      }
    }
    // the port was free a moment ago; another program may have taken it since
    api = await serve(services, config, logger, jobs).catch((e: unknown) => {
      throw listenError(e, host, port) ?? e;
    });
  } catch (e) {
    await stopAll().catch(() => undefined);
    throw e;
  }
  process.stdout.write(
    `threadgraph is ready: open ${api.url} (GraphQL at ${api.url}graphql)\n` +
      `try: evidenceChain(serialNumber: "SN-0047") — stop with Ctrl+C\n` +
      (plant
        ? `live equipment: ${api.url}equipment — a simulated plant at ${plant.endpointUrl}` +
          (plant.drifting ? ` (${plant.drifting} drifts into yellow in 2 min, red in 5)` : '') +
          '\n'
        : ''),
  );
  onShutdown(logger, async () => {
    await api.stop();
    await stopAll();
  });
  return new Promise<number>(() => undefined); // runs until a signal
}

/** Listens on HOST:PORT for a moment and lets go; why it cannot, in one line (exit 1). */
async function checkListen(host: string, port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (e) => reject(listenError(e, host, port) ?? e));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A failure to listen, said for people; undefined for any other error. */
function listenError(e: unknown, host: string, port: number): ThreadgraphError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const say = (message: string) => new ThreadgraphError('CONFIG_INVALID', message, { cause: e });
  switch (code) {
    case 'EADDRINUSE':
      return say(`port ${port} on ${host} is in use: set PORT`);
    case 'EACCES':
      return say(`port ${port} on ${host} may not be used by this user: set PORT (1024 or above)`);
    case 'EADDRNOTAVAIL':
      return say(`HOST ${host} is not an address of this machine: set HOST`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say(`HOST ${host} does not resolve to an address: set HOST`);
    default:
      return undefined;
  }
}

/** The demo thread as an import job, into an empty graph only; waits for it to finish. */
async function loadDemo(
  config: Config,
  executor: Parameters<typeof createServices>[0],
  jobs: Jobs,
  options: { demoUnits: number; demoUnitsGiven: boolean },
): Promise<void> {
  const units = options.demoUnits;
  const [count] = await executor.read('start', (q) =>
    q.run<{ artefacts: number }>('admin/count-artefacts'),
  );
  const records = count?.artefacts ?? 0;
  if (records > 0) {
    process.stderr.write(
      options.demoUnitsGiven
        ? `the graph holds ${records} records already, so the demo thread (${units} units) is not loaded; ` +
            `it goes into an empty graph only. To start from one: ${emptyGraphHint(config, units)}\n`
        : `the graph holds ${records} records already: the demo thread is not loaded\n`,
    );
    return;
  }
  const dir = join(config.local.home, 'demo');
  const file = join(dir, `demo-${units}-1.jsonl`);
  if (!existsSync(file)) {
    process.stderr.write(`writing the demo thread (${units} units) to ${file}\n`);
    mkdirSync(dir, { recursive: true });
    await writeLines(demoLines({ units, seed: 1 }), file);
  }
  const { job } = await jobs.jobs.submitPath(file, 'canonical', {
    first: true,
    label: `demo thread (${units} units)`,
  });
  process.stderr.write(`the graph is empty: loading the demo thread as import job ${job.id}\n`);
  // an import like any other: on the audit trail, by the operating-system user who started it
  await new AuditTrail(executor)
    .record({
      actor: `os:${userInfo().username}`,
      actorKind: 'cli',
      action: 'import.start',
      target: job.id,
      from: null,
      reason: 'the demo thread, into an empty graph',
      detail: { file, via: 'start' },
    })
    .catch((e: unknown) => {
      process.stderr.write(`the audit trail was not written: ${(e as Error).message}\n`);
    });
  if (job.state === 'COMPLETED') await jobs.jobs.retry(job.id); // an earlier graph was emptied
  const finished = new Map<string, ImportJob>();
  try {
    await followJobs(jobs, [job], finished, new Progress());
  } catch (e) {
    if (!(e instanceof ThreadgraphError) || e.code !== 'NOT_FOUND') throw e;
  }
  const now = finished.get(job.id);
  if (now?.summary) process.stderr.write(describeImport(now.summary));
  if (now?.state !== 'COMPLETED') {
    process.stderr.write(`the demo thread did not load: ${now?.error ?? 'the job is gone'}\n`);
  }
}

function emptyGraphHint(config: Config, units: number): string {
  return config.neo4j.mode === 'external'
    ? `empty the database NEO4J_URI points at (${redactedUrl(config.neo4j.uri)}), or unset NEO4J_URI to use a local Neo4j`
    : `THREADGRAPH_HOME=/another/folder threadgraph start --demo-units ${units} (a new local Neo4j ` +
        `there; the graph in ${config.local.home} stays as it is)`;
}
