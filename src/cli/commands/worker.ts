/** `threadgraph worker`: take import jobs off the queue until SIGTERM, which drains. */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import {
  createServices,
  onShutdown,
  openGraph,
  openJobs,
  runReadings,
  runWorker,
} from '../../main';
import type { CommandHelp } from '../args';
import { parse, positive } from '../args';

export const workerHelp: CommandHelp = {
  usage: ['threadgraph worker [--concurrency N]'],
  summary: 'take import jobs and queued readings off the queue (SIGTERM drains)',
  description:
    'Takes import jobs off the queue until SIGTERM or Ctrl+C, which drains it: each running job ' +
    'finishes its batch and goes back on the queue for another worker. Run as many as you like, ' +
    'on any machine that reaches the same Neo4j, Redis and THREADGRAPH_HOME.',
  options: [
    ['--concurrency N', 'jobs it runs at once (default THREADGRAPH_WORKER_CONCURRENCY, 2)'],
  ],
};

export async function workerCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, {
    concurrency: { type: 'string', default: String(config.jobs.concurrency) },
  });
  const concurrency = positive(values.concurrency, '--concurrency');
  const { executor } = await openGraph(config, logger);
  const services = createServices(executor, config.boundaryCost);
  const jobs = await openJobs(config, executor, logger);
  const worker = await runWorker(config, services, jobs, logger, concurrency);
  const readings = await runReadings(config, services, jobs, logger);
  process.stdout.write(
    `import worker ${worker.id} takes jobs (${concurrency} at a time) and stores queued readings; ` +
      'SIGTERM or Ctrl+C drains it\n',
  );
  onShutdown(logger, async () => {
    await readings.close();
    await worker.close('drain');
    await jobs.close();
    await executor.close();
  });
  return new Promise<number>(() => undefined); // runs until a signal
}
