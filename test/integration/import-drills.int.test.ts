/**
 * Fault drills: a queued import of a generated thread of 2 000 units (~97 000 records), faulted
 * half-way, must leave exactly what a clean import of the same file leaves — nodes, relationships,
 * history, governance violations, derived state, daily counts and thread health — and the job's
 * own counts must be the clean import's. Faults: a worker killed -9, Neo4j killed -9 and down for
 * 30 s, the tests' Redis (AOF) restarted, a worker sent SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import type { JobsConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import { BullImportQueue } from '../../src/jobs/import-queue';
import type { RunningWorker } from '../../src/jobs/import-worker';
import { startImportWorker } from '../../src/jobs/import-worker';
import { createServices } from '../../src/main';
import type { ImportJob } from '../../src/services/import-jobs';
import { ImportJobService } from '../../src/services/import-jobs';
import type { ImportSummary } from '../../src/services/import-service';
import { spawnCli } from '../support/cli-process';
import {
  clearGraph,
  killAndRestartTestNeo4j,
  testExecutor,
  testNeo4jEnv,
} from '../support/neo4j-for-tests';
import { restartTestRedis, testPrefix, testRedisUrl } from '../support/redis-for-tests';
import { threadCounts } from '../support/thread-counts';

jest.setTimeout(600_000);

const UNITS = 2000;
const BATCH = 1000;
const logger = pino({ level: 'silent' });
let executor: Executor;
let file: string;
let clean: { counts: Record<string, unknown>; summary: ImportSummary };
let config: JobsConfig;
let queue: BullImportQueue;
let jobs: ImportJobService;
const workers: RunningWorker[] = [];

const COUNTS = [
  'lines',
  'applied',
  'unchanged',
  'history',
  'rejected',
  'violations',
  'duplicates',
] as const;
const countsOf = (s: ImportSummary | undefined) =>
  Object.fromEntries(COUNTS.map((k) => [k, s?.[k]]));

beforeAll(async () => {
  executor = await testExecutor();
  file = join(mkdtempSync(join(tmpdir(), 'threadgraph-drill-')), `demo-${UNITS}.jsonl`);
  writeFileSync(file, `${[...demoLines({ units: UNITS, seed: 4 })].join('\n')}\n`);
  // the reference: the same file imported once, undisturbed, outside any queue
  await clearGraph();
  const summary = await createServices(executor).imports.importCanonicalFile(file, {
    batchSize: BATCH,
  });
  expect(summary.status).toBe('COMPLETED');
  clean = { counts: await threadCounts(executor), summary };
}, 600_000);
afterAll(() => executor.close());

beforeEach(async () => {
  await clearGraph();
  config = {
    ...loadConfig({}).jobs,
    redisUrl: testRedisUrl(),
    prefix: testPrefix('drill'),
    attempts: 10,
    backoffMs: 1000,
    // a killed worker's job is taken up again after one to two of these
    lockMs: 4000,
  };
  queue = await new BullImportQueue(config).open();
  jobs = new ImportJobService(queue, executor, '/tmp');
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close('drain');
  await queue.close();
});

const inProcessWorker = async () => {
  const w = await startImportWorker({
    config,
    queue,
    imports: createServices(executor).imports,
    batchSize: BATCH,
    concurrency: 1,
    logger,
  });
  workers.push(w);
  return w;
};

const workerProcess = () =>
  spawnCli(['worker', '--concurrency', '1'], {
    ...testNeo4jEnv(),
    REDIS_URL: config.redisUrl,
    THREADGRAPH_REDIS_PREFIX: config.prefix,
    THREADGRAPH_IMPORT_BATCH: String(BATCH),
    THREADGRAPH_JOB_LOCK_MS: String(config.lockMs),
    THREADGRAPH_JOB_BACKOFF_MS: String(config.backoffMs),
    THREADGRAPH_JOB_ATTEMPTS: String(config.attempts),
    LOG_LEVEL: 'info',
  });

async function until(
  id: string,
  done: (j: ImportJob) => boolean,
  ms = 300_000,
): Promise<ImportJob> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await queue.get(id).catch(() => undefined); // Redis may be restarting
    if (job !== undefined && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const halfway = (j: ImportJob) => (j.progress?.lines ?? 0) >= (clean.summary.lines * 2) / 5;
const final = (j: ImportJob) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.state);

async function expectSameAsClean(job: ImportJob): Promise<void> {
  expect(job.state).toBe('COMPLETED');
  expect(countsOf(job.summary)).toEqual(countsOf(clean.summary));
  expect(await threadCounts(executor)).toEqual(clean.counts);
}

describe('fault drills on a queued import of a 2 000-unit thread', () => {
  it('a worker killed -9 half-way: another takes the job up and completes it exactly', async () => {
    const { job } = await jobs.submitPath(file, 'canonical');
    const first = workerProcess();
    await until(job.id, halfway);
    first.child.kill('SIGKILL');
    await first.exited();
    const [run] = await jobs.runsOf(job.id);
    expect(run?.status).toBe('RUNNING'); // what a killed worker leaves: the next claim resumes it
    const second = workerProcess();
    try {
      const done = await until(job.id, final);
      expect((await jobs.runsOf(job.id))[0]).toMatchObject({ status: 'COMPLETED', attempts: 2 });
      await expectSameAsClean(done);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited();
    }
  });

  it('Neo4j killed -9 and down for 30 s half-way: the job retries with backoff and completes exactly', async () => {
    const { job } = await jobs.submitPath(file, 'canonical');
    await inProcessWorker();
    await until(job.id, halfway);
    await killAndRestartTestNeo4j(30_000);
    const done = await until(job.id, final);
    expect(done.attemptsMade).toBeGreaterThan(1);
    await expectSameAsClean(done);
  });

  it('Redis restarted half-way (AOF): nothing queued is lost and the job completes exactly', async () => {
    const { job } = await jobs.submitPath(file, 'canonical');
    await inProcessWorker();
    await until(job.id, halfway);
    await restartTestRedis(3000);
    const done = await until(job.id, final);
    await expectSameAsClean(done);
  });

  it('a worker sent SIGTERM drains: its batch finishes, the job goes back on the queue and resumes elsewhere', async () => {
    const { job } = await jobs.submitPath(file, 'canonical');
    const first = workerProcess();
    await until(job.id, halfway);
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);
    expect(first.output()).toContain('import job put back on the queue (worker draining)');
    const back = await queue.get(job.id);
    expect(back?.state).toBe('WAITING');
    expect(back?.attemptsMade).toBe(0); // draining is not a failed attempt
    const [run] = await jobs.runsOf(job.id);
    expect(run?.status).toBe('INTERRUPTED');
    expect(run?.line).toBeGreaterThan(0);
    expect(run?.line).toBeLessThan(clean.summary.lines);
    await inProcessWorker();
    const done = await until(job.id, final);
    expect((await jobs.runsOf(job.id))[0]).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    await expectSameAsClean(done);
  });
});
