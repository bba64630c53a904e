/**
 * The simulated plant `threadgraph start` runs beside the demo thread, so a new user sees live
 * data: the simulator (threadgraph simulate) for the demo's machines, a collector subscribed to it
 * (its config written to THREADGRAPH_HOME/collector-demo.json, as a user's would be), and the
 * plant's MES side — the operations its machines completed, posted as an import job every 30 s —
 * so readings meet the executions they happened in. node-opcua is loaded only here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type * as CollectorModule from '../../collector/collector';
import { checkCollectorConfig } from '../../collector/config';
import type * as SimulatorModule from '../../collector/simulator';
import type { Config } from '../../config';
import { readDemoPlant } from '../../demo/demo-machines';
import { liveMesRecords } from '../../demo/live-mes';
import { planLivePlant } from '../../demo/live-plant';
import { writeLines } from '../../demo/write-lines';
import { RedisReadingStream } from '../../jobs/reading-stream';
import type { Jobs } from '../../main';

const MES_EVERY_MS = 30_000;

export interface RunningPlant {
  readonly endpointUrl: string;
  readonly drifting: string | undefined;
  stop(): Promise<void>;
}

export async function startDemoPlant(
  config: Config,
  jobs: Jobs,
  demoUnits: number,
  logger: Logger,
): Promise<RunningPlant> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startSimulator, simulatorCollectorConfig } =
    require('../../collector/simulator') as typeof SimulatorModule;
  const { startCollector } = require('../../collector/collector') as typeof CollectorModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const home = config.local.home;
  const plant = planLivePlant(readDemoPlant(demoUnits), { startedAt: Date.now() });
  const simulator = await startSimulator({
    plant,
    pkiFolder: join(home, 'opcua', 'simulator-pki'),
    port: 0,
    intervalMs: 1000,
    log: (line) => logger.debug({ opcua: line }, 'simulator'),
  });
  const file = join(home, 'collector-demo.json');
  const json = simulatorCollectorConfig(simulator);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  const sink = new RedisReadingStream(jobs.queue.redisUrl, config.jobs.prefix, 5_000_000);
  const collector = startCollector(checkCollectorConfig(json, file, {}), sink, {
    home,
    logger,
  });

  const dir = join(home, 'live');
  mkdirSync(dir, { recursive: true });
  let from = plant.startedAt;
  let posting: Promise<void> = Promise.resolve();
  const post = async () => {
    const to = Date.now();
    const records = [...liveMesRecords(plant, from, to)];
    from = to;
    if (records.length === 0) return;
    const path = join(dir, `mes-${to}.jsonl`);
    await writeLines(
      records.map((r) => JSON.stringify(r)),
      path,
    );
    await jobs.jobs.submitPath(path, 'canonical', {
      label: `live MES of the simulated plant (${records.length} records)`,
    });
  };
  const timer = setInterval(() => {
    posting = posting.then(post).catch((e: unknown) => {
      logger.warn({ err: (e as Error).message }, 'simulated plant: could not post the MES records');
    });
  }, MES_EVERY_MS);

  return {
    endpointUrl: simulator.endpointUrl,
    drifting: plant.drifting,
    stop: async () => {
      clearInterval(timer);
      await posting;
      await collector.stop(2000);
      await sink.close();
      await simulator.stop();
    },
  };
}
