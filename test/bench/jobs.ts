/**
 * The queue's figures for `npm run bench`: the same thread imported as a queued job by 1 and by 2
 * worker processes (each into an emptied instance), against the direct import measured before in
 * the same run; how long a 10-line job submitted behind the running 10 000-unit import takes to
 * complete; and CloudEvents accepted per second over HTTP in batches of 100.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobsConfig, Neo4jTarget } from '../../src/config';
import { BullImportQueue } from '../../src/jobs/import-queue';
import { LocalRedis } from '../../src/jobs/local-redis';
import type { ImportJob } from '../../src/services/import-jobs';
import { ImportJobService } from '../../src/services/import-jobs';
import { PACKAGE_ROOT } from '../../src/paths';
import { neo4jEnv } from './serve-process';

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'index.js');

export interface QueuedRun {
  readonly workers: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly smallJobSeconds?: number;
  readonly state: string;
}

export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

export async function benchRedis(home: string, log: (m: string) => void): Promise<BenchRedis> {
  const local = new LocalRedis(home);
  await local.stop('bench');
  rmSync(local.dir('bench'), { recursive: true, force: true });
  const state = await local.start('bench', { port: 0, log: (m) => log(`  ${m}`) });
  return {
    url: `redis://127.0.0.1:${state.port}`,
    stop: () => local.stop('bench').then(() => undefined),
  };
}

function jobsConfig(redisUrl: string, prefix: string): JobsConfig {
  return {
    redisUrl,
    redisUrlGiven: true,
    prefix,
    attempts: 8,
    backoffMs: 2000,
    lockMs: 30_000,
    concurrency: 2,
    uploadMaxBytes: 1 << 30,
    importDirs: [],
  };
}

export function workerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [CLI, 'worker'], {
    env: { ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(
  queue: BullImportQueue,
  id: string,
  done: (j: ImportJob) => boolean,
): Promise<ImportJob> {
  for (;;) {
    const job = await queue.get(id);
    if (job !== undefined && done(job)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const final = (j: ImportJob) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.state);

/**
 * One queued import of `file` by `workers` worker processes (concurrency 2 each, the default);
 * with `smallJob`, a 10-line file is submitted once the large job has committed its first
 * batches, and the time to its completion is measured.
 */
export async function queuedImport(options: {
  readonly file: string;
  readonly records: number;
  readonly workers: number;
  readonly redisUrl: string;
  readonly neo4j: Neo4jTarget;
  readonly env: NodeJS.ProcessEnv;
  readonly smallJob: boolean;
}): Promise<QueuedRun> {
  const prefix = `bench-${options.workers}-${Date.now().toString(36)}`;
  const queue = await new BullImportQueue(jobsConfig(options.redisUrl, prefix)).open();
  const jobs = new ImportJobService(queue, undefined, tmpdir());
  const env = {
    ...options.env,
    ...neo4jEnv(options.neo4j),
    REDIS_URL: options.redisUrl,
    THREADGRAPH_REDIS_PREFIX: prefix,
  };
  const workers = Array.from({ length: options.workers }, () => workerProcess(env));
  try {
    while ((await queue.workersAlive()) < options.workers)
      await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const { job } = await jobs.submitPath(options.file, 'canonical');
    let smallJobSeconds: number | undefined;
    if (options.smallJob) {
      await until(queue, job.id, (j) => (j.progress?.lines ?? 0) >= 20_000);
      const small = join(mkdtempSync(join(tmpdir(), 'threadgraph-bench-')), 'small.jsonl');
      writeFileSync(
        small,
        `${Array.from({ length: 10 }, (_, i) =>
          JSON.stringify({
            kind: 'Part',
            source: 'PLM',
            recordedAt: '2026-01-01T00:00:00Z',
            data: { partNumber: `BENCH-SMALL-${Date.now()}-${i}` },
          }),
        ).join('\n')}\n`,
      );
      const submitted = Date.now();
      const { job: smallJob } = await jobs.submitPath(small, 'canonical');
      const done = await until(queue, smallJob.id, final);
      smallJobSeconds = (Date.now() - submitted) / 1000;
      const large = await queue.get(job.id);
      if (done.state !== 'COMPLETED')
        throw new Error(`the small job ended ${done.state}: ${done.error}`);
      if (large?.state !== 'ACTIVE') smallJobSeconds = undefined; // it did not run beside the large one
    }
    const done = await until(queue, job.id, final);
    const seconds = (Date.now() - started) / 1000;
    return {
      workers: options.workers,
      seconds,
      recordsPerSecond: Math.round(options.records / seconds),
      ...(smallJobSeconds === undefined ? {} : { smallJobSeconds }),
      state: done.state,
    };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))),
    );
    await queue.close();
  }
}

/**
 * CloudEvents accepted per second over HTTP: `batches` batches of 100 Reading events posted one
 * after another to POST /events of a running server; then the time until every job is imported.
 */
export async function eventsOverHttp(options: {
  readonly url: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly batches: number;
}): Promise<{
  eventsPerSecond: number;
  acceptSeconds: number;
  importedSeconds: number;
  events: number;
}> {
  const queue = await new BullImportQueue(jobsConfig(options.redisUrl, options.prefix)).open();
  const ids: string[] = [];
  const started = Date.now();
  try {
    for (let b = 0; b < options.batches; b += 1) {
      const batch = Array.from({ length: 100 }, (_, i) => {
        const n = b * 100 + i;
        return {
          specversion: '1.0',
          id: `bench-${started}-${n}`,
          source: 'urn:bench:plant:ot-gateway',
          type: 'io.threadgraph.record.v1.Reading',
          time: new Date(started + n).toISOString(),
          recordsource: 'OT',
          datacontenttype: 'application/json',
          data: {
            equipmentId: `EQ-BENCH-${n % 20}`,
            tag: 'spindle.temperature',
            sourceTimestamp: new Date(started + n).toISOString(),
            value: 40 + (n % 17),
            unit: 'Cel',
          },
        };
      });
      const res = await fetch(`${options.url}events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents-batch+json' },
        body: JSON.stringify(batch),
      });
      const body = (await res.json()) as { accepted: number; job?: { id: string } };
      if (res.status !== 202 || body.accepted !== 100 || body.job === undefined) {
        throw new Error(`events refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      ids.push(body.job.id);
    }
    const accepted = (Date.now() - started) / 1000;
    for (const id of ids) {
      const job = await until(queue, id, final);
      if (job.state !== 'COMPLETED')
        throw new Error(`event job ${id} ended ${job.state}: ${job.error}`);
    }
    return {
      events: options.batches * 100,
      eventsPerSecond: Math.round((options.batches * 100) / accepted),
      acceptSeconds: accepted,
      importedSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    await queue.close();
  }
}
