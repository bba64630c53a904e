/**
 * Import jobs on a real Redis (the tests' own redis-server) and a real Neo4j: one job per input,
 * workers that take them, invalid input that fails at once, cancel, retry, replay, progress, and
 * a small job that does not wait behind a large one.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import type { JobsConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import { BullImportQueue } from '../../src/jobs/import-queue';
import type { RunningWorker } from '../../src/jobs/import-worker';
import { startImportWorker } from '../../src/jobs/import-worker';
import { connectRedis } from '../../src/jobs/redis';
import { createServices } from '../../src/main';
import type { ImportJob } from '../../src/services/import-jobs';
import { ImportJobService } from '../../src/services/import-jobs';
import { line, writeLines } from '../support/canonical';
import { clearGraph, testExecutor } from '../support/neo4j-for-tests';
import { testPrefix, testRedisUrl } from '../support/redis-for-tests';

const logger = pino({ level: 'silent' });
let executor: Executor;
let jobsConfig: JobsConfig;
let queue: BullImportQueue;
let jobs: ImportJobService;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  executor = await testExecutor();
});
afterAll(() => executor.close());
beforeEach(async () => {
  await clearGraph();
  jobsConfig = {
    ...loadConfig({}).jobs,
    redisUrl: testRedisUrl(),
    prefix: testPrefix('jobs'),
    attempts: 3,
    backoffMs: 100,
    lockMs: 5000,
  };
  queue = await new BullImportQueue(jobsConfig).open();
  jobs = new ImportJobService(queue, executor, '/tmp');
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close('drain');
  await queue.close();
});

const worker = async (concurrency = 2, batchSize = 500) => {
  const w = await startImportWorker({
    config: jobsConfig,
    queue,
    imports: createServices(executor).imports,
    batchSize,
    concurrency,
    logger,
  });
  workers.push(w);
  return w;
};

async function until(id: string, done: (j: ImportJob) => boolean, ms = 60_000): Promise<ImportJob> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await queue.get(id);
    if (job !== undefined && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state}, waited ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const final = (j: ImportJob) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.state);

const smallFile = () =>
  writeLines([
    line('Part', { partNumber: 'P-1' }),
    line('Unit', { serialNumber: 'SN-1', partNumber: 'P-1' }),
    '{broken',
  ]);

describe('import jobs', () => {
  it('one job per input: a worker runs it; the same content again is the same job', async () => {
    const file = smallFile();
    const { job, created } = await jobs.submitPath(file, 'canonical');
    expect(created).toBe(true);
    expect(job).toMatchObject({ state: 'WAITING', run: 1, attemptsMade: 0, attemptsMax: 3 });
    expect(job.id).toMatch(/^imp-[0-9a-f]{24}$/);
    expect(job.input).toMatchObject({ file, format: 'canonical', origin: 'path', totalLines: 3 });

    await worker();
    const done = await until(job.id, final);
    expect(done.state).toBe('COMPLETED');
    expect(done.summary).toMatchObject({ lines: 3, applied: 2, rejected: 1, status: 'COMPLETED' });
    expect(done.summary?.rejections).toEqual([
      { line: 3, reason: expect.stringMatching(/^not valid JSON/) },
    ]);

    // the same bytes under another name: the same job, not a second import
    const copy = writeLines([]);
    writeFileSync(copy, readFileSync(file));
    const again = await jobs.submitPath(copy, 'canonical');
    expect(again).toMatchObject({ created: false, job: { id: job.id, state: 'COMPLETED' } });

    // what the graph recorded of the run, and every rejected line
    const details = await jobs.job(job.id);
    expect(details?.runs).toEqual([
      expect.objectContaining({
        id: `${job.id}.1`,
        status: 'COMPLETED',
        applied: 2,
        rejected: 1,
        attempts: 1,
      }),
    ]);
    const rejected = [];
    for await (const r of jobs.rejectedLines(job.id)) rejected.push(r);
    expect(rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^not valid JSON/), excerpt: '{broken' },
    ]);
  });

  it('invalid input fails at once and is not retried', async () => {
    const file = smallFile();
    const { job } = await jobs.submitPath(file, 'canonical');
    writeFileSync(file, 'changed since it was submitted\n');
    await worker();
    const failed = await until(job.id, final);
    expect(failed).toMatchObject({ state: 'FAILED', attemptsMade: 1 });
    expect(failed.error).toMatch(/changed after the import was submitted/);
  });

  it('a missing file is refused when it is submitted', async () => {
    await expect(jobs.submitPath('/no/such/file.jsonl', 'canonical')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('/no/such/file.jsonl'),
    });
  });

  it('a failed job is listed and can be retried; a completed one replays as its next run', async () => {
    const file = smallFile();
    const { job } = await jobs.submitPath(file, 'canonical');
    rmSync(file);
    await worker();
    expect(await until(job.id, final)).toMatchObject({ state: 'FAILED' });
    expect((await jobs.list(['FAILED'], 0, 10)).jobs.map((j) => j.id)).toEqual([job.id]);
    expect((await jobs.list(['COMPLETED'], 0, 10)).jobs).toEqual([]);

    // put the very same bytes back, then retry: it runs again from scratch (attempts reset)
    const lines = [
      line('Part', { partNumber: 'P-1' }),
      line('Unit', { serialNumber: 'SN-1', partNumber: 'P-1' }),
      '{broken',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    await jobs.retry(job.id);
    const done = await until(job.id, final);
    expect(done).toMatchObject({ state: 'COMPLETED', run: 1, summary: { applied: 2 } });

    await jobs.retry(job.id);
    const replay = await until(job.id, (j) => final(j) && j.run === 2);
    expect(replay).toMatchObject({ state: 'COMPLETED', summary: { applied: 0, unchanged: 2 } });
    expect((await jobs.job(job.id))?.runs.map((r) => [r.id, r.status])).toEqual([
      [`${job.id}.2`, 'COMPLETED'],
      [`${job.id}.1`, 'COMPLETED'],
    ]);
    await expect(jobs.retry('imp-000000000000000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('cancel: a waiting job never imports; a running one stops after its batch', async () => {
    const waiting = await jobs.submitPath(smallFile(), 'canonical');
    expect(await jobs.cancel(waiting.job.id)).toMatchObject({
      state: 'WAITING',
      cancelRequested: true,
    });

    const big = writeLines([...demoLines({ units: 300, seed: 5 })]);
    const running = await jobs.submitPath(big, 'canonical');
    await worker(2, 200);
    expect(await until(waiting.job.id, final)).toMatchObject({ state: 'CANCELLED' });
    await until(running.job.id, (j) => (j.progress?.lines ?? 0) > 0);
    await jobs.cancel(running.job.id);
    const cancelled = await until(running.job.id, final);
    expect(cancelled.state).toBe('CANCELLED');
    const [run] = (await jobs.job(running.job.id))?.runs ?? [];
    expect(run).toMatchObject({ status: 'CANCELLED', phase: 'records' });
    expect(run?.line).toBeLessThan(run?.totalLines ?? 0);
    // what it wrote is in the graph with its derived state: no change is left pending
    const pending = await executor.read('t', (q) =>
      q.run('derive/read-pending', { importId: run?.id }),
    );
    expect(pending).toEqual([]);
    expect(await queue.cancelRequested(running.job.id)).toBe(false);
    await expect(jobs.cancel(running.job.id)).resolves.toMatchObject({ state: 'CANCELLED' });

    // retried, it reads on from where it stopped and ends as an undisturbed import would
    await jobs.retry(running.job.id);
    const resumed = await until(running.job.id, final);
    expect(resumed).toMatchObject({ state: 'COMPLETED', summary: { unchanged: 0, attempts: 2 } });
    expect(resumed.summary?.applied).toBeGreaterThan(run?.applied ?? 0);
  });

  it('watch follows a job from waiting to completed, with its progress', async () => {
    const file = writeLines([...demoLines({ units: 40, seed: 2 })]);
    const { job } = await jobs.submitPath(file, 'canonical');
    const seen: ImportJob[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const j of jobs.watch(job.id, controller.signal)) seen.push(j);
    })();
    await worker(1, 300);
    await watching;
    expect(seen[0]?.state).toBe('WAITING');
    expect(seen[seen.length - 1]?.state).toBe('COMPLETED');
    const lines = seen.map((j) => j.progress?.lines ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(seen.some((j) => j.state === 'ACTIVE' && (j.progress?.lines ?? 0) > 0)).toBe(true);
  });

  it('a small job submitted behind a large one does not wait for it', async () => {
    const big = writeLines([...demoLines({ units: 400, seed: 7 })]);
    const large = await jobs.submitPath(big, 'canonical');
    await worker(2, 500);
    await until(large.job.id, (j) => (j.progress?.lines ?? 0) > 0);
    const small = await jobs.submitPath(smallFile(), 'canonical');
    const done = await until(small.job.id, final);
    expect(done.state).toBe('COMPLETED');
    expect((await queue.get(large.job.id))?.state).toBe('ACTIVE');
    await until(large.job.id, final, 120_000);
  });

  it('a worker refuses a Redis that may evict queued jobs', async () => {
    const redis = connectRedis(testRedisUrl(), 'test');
    await redis.connect();
    await redis.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await expect(worker()).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('maxmemory-policy allkeys-lru'),
      });
    } finally {
      await redis.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      redis.disconnect();
    }
  });

  it('answers UNAVAILABLE within seconds when Redis is not there', async () => {
    const away = new BullImportQueue({ ...jobsConfig, redisUrl: 'redis://127.0.0.1:1' });
    const started = Date.now();
    await expect(away.open()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(6000);
    await away.close();
  });
});
