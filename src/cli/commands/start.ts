/**
 * `threadgraph start`: everything a new user needs in one process — the local Neo4j (unless
 * NEO4J_URI), a Redis for the job queue (unless one answers, or REDIS_URL is set), an import
 * worker, the demo thread loaded as an import job into an empty graph, and the API.
 * `threadgraph serve`: the API alone, against the configured Neo4j and Redis.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { demoLines } from '../../demo/generate';
import { writeLines } from '../../demo/write-lines';
import { LocalNeo4j } from '../../graph/local-neo4j';
import type { RunningWorker } from '../../jobs/import-worker';
import type { Jobs } from '../../main';
import {
  LOCAL_INSTANCE,
  createServices,
  onShutdown,
  openGraph,
  openJobs,
  runWorker,
  serve,
} from '../../main';
import type { ImportJob } from '../../services/import-jobs';
import { parse, positive, UsageError } from '../args';
import { describeImport } from '../render/import-text';

export async function startCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, { 'demo-units': { type: 'string', default: '500' } });
  return run(config, logger, {
    startLocal: true,
    demoUnits: positive(values['demo-units'], '--demo-units'),
  });
}

export async function serveCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  if (args.length > 0) {
    throw new UsageError(
      'usage: threadgraph serve — it takes no arguments: set HOST and PORT in the environment',
    );
  }
  return run(config, logger, { startLocal: false, demoUnits: 0 });
}

async function run(
  config: Config,
  logger: Logger,
  options: { startLocal: boolean; demoUnits: number },
): Promise<number> {
  const { executor, startedLocal } = await openGraph(config, logger, {
    startLocal: options.startLocal,
  });
  const services = createServices(executor, config.boundaryCost);
  let jobs: (Jobs & { startedLocal: boolean }) | undefined;
  let worker: RunningWorker | undefined;
  const stopAll = async () => {
    await worker?.close('drain');
    await jobs?.close();
    await executor.close();
    if (startedLocal) await new LocalNeo4j(config.local).stop(LOCAL_INSTANCE);
  };
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
    if (jobs !== undefined && options.startLocal) {
      worker = await runWorker(config, services, jobs, logger);
      if (options.demoUnits > 0) await loadDemo(config, logger, executor, jobs, options.demoUnits);
    }
  } catch (e) {
    await stopAll().catch(() => undefined);
    throw e;
  }
  const api = await serve(services, config, logger, jobs);
  process.stdout.write(
    `threadgraph is ready: open ${api.url} (GraphQL at ${api.url}graphql)\n` +
      `try: evidenceChain(serialNumber: "SN-0047") — stop with Ctrl+C\n`,
  );
  onShutdown(logger, async () => {
    await api.stop();
    await stopAll();
  });
  return new Promise<number>(() => undefined); // runs until a signal
}

/** The demo thread as an import job, into an empty graph only; waits for it to finish. */
async function loadDemo(
  config: Config,
  logger: Logger,
  executor: Parameters<typeof createServices>[0],
  jobs: Jobs,
  units: number,
): Promise<void> {
  const [count] = await executor.read('start', (q) =>
    q.run<{ artefacts: number }>('admin/count-artefacts'),
  );
  if ((count?.artefacts ?? 0) > 0) {
    logger.info(
      { units },
      'the graph holds records already: the demo thread is not loaded (empty it, or use another THREADGRAPH_HOME)',
    );
    return;
  }
  const dir = join(config.local.home, 'demo');
  const file = join(dir, `demo-${units}-1.jsonl`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    await writeLines(demoLines({ units, seed: 1 }), file);
  }
  const { job } = await jobs.jobs.submitPath(file, 'canonical', {
    first: true,
    label: `demo thread (${units} units)`,
  });
  process.stderr.write(`the graph is empty: loading the demo thread as import job ${job.id}\n`);
  let now: ImportJob | undefined;
  if (job.state === 'COMPLETED') await jobs.jobs.retry(job.id); // an earlier graph was emptied
  for (;;) {
    now = await jobs.queue.get(job.id);
    if (
      now === undefined ||
      now.state === 'COMPLETED' ||
      now.state === 'FAILED' ||
      now.state === 'CANCELLED'
    )
      break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (now?.summary) process.stderr.write(describeImport(now.summary));
  if (now?.state !== 'COMPLETED') {
    process.stderr.write(`the demo thread did not load: ${now?.error ?? 'the job is gone'}\n`);
  }
}
