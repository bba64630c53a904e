/**
 * Workers of the import queue. A worker refuses a Redis that may evict keys, runs up to
 * `concurrency` jobs at once (a small job does not wait behind a large one), reports progress
 * after each batch, and maps failures: invalid input fails the job for good; anything else (Neo4j
 * or Redis unavailable, transient errors) is retried with backoff and resumes from the run's
 * checkpoint. `close('drain')` (SIGTERM) lets each job finish its batch in flight and puts it
 * back on the queue for another worker to resume.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { JobsConfig } from '../config';
import { ThreadgraphError } from '../domain/errors';
import type { ImportService, ImportSummary } from '../services/import-service';
import { RunTakenOver } from '../services/import-service';
import type { BullImportQueue, ImportJobData } from './import-queue';
import { CANCELLED, HEARTBEAT_TTL_MS, IMPORT_QUEUE } from './import-queue';
import { checkRedis, connectRedis, redisOptions } from './redis';

/** How often a running job looks for a cancel request, and reports progress at most. */
const POLL_MS = 1000;
const PROGRESS_MS = 250;
/** How many rejected lines a completed job's summary keeps in Redis (all are in the graph). */
const SUMMARY_REJECTIONS = 20;

export interface ImportWorkerOptions {
  readonly config: JobsConfig;
  readonly queue: BullImportQueue;
  readonly imports: ImportService;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly logger: Logger;
}

export interface RunningWorker {
  readonly id: string;
  /** 'drain': running jobs stop after their batch in flight and go back on the queue */
  close(mode: 'drain'): Promise<void>;
}

export async function startImportWorker(options: ImportWorkerOptions): Promise<RunningWorker> {
  const { config, queue, imports, logger } = options;
  const probe = connectRedis(config.redisUrl, 'threadgraph:worker-check');
  try {
    await probe.connect();
    const fitness = await checkRedis(probe, config.redisUrl);
    if (fitness.problems.length > 0) {
      throw new ThreadgraphError(
        'CONFIG_INVALID',
        `refusing to run import workers: ${fitness.problems.join('; ')}`,
      );
    }
    for (const w of fitness.warnings) logger.warn(w);
  } catch (e) {
    if (e instanceof ThreadgraphError) throw e;
    throw new ThreadgraphError('UNAVAILABLE', `Redis is unavailable: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    probe.disconnect();
  }

  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let draining = false;

  const processor = async (job: Job<ImportJobData, ImportSummary, string>, token?: string) => {
    const jobId = job.id as string;
    const log = logger.child({ jobId, run: job.data.run });
    let cancel = await queue.cancelRequested(jobId);
    const poll = setInterval(() => {
      queue.cancelRequested(jobId).then(
        (c) => {
          cancel = c;
        },
        () => undefined, // Redis away: keep going, look again later
      );
    }, POLL_MS);
    let lastProgress = 0;
    try {
      log.info({ file: job.data.input.label, attempt: job.attemptsMade + 1 }, 'import job started');
      const summary = await imports.run(
        {
          jobId,
          run: job.data.run,
          file: job.data.input.file,
          format: job.data.input.format,
          ...(job.data.input.options ? { options: job.data.input.options } : {}),
          label: job.data.input.label,
          fileHash: job.data.input.fileHash,
        },
        {
          batchSize: options.batchSize,
          stopRequested: () => (cancel ? 'cancel' : draining ? 'drain' : undefined),
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastProgress < PROGRESS_MS && p.phase === 'records') return;
            lastProgress = now;
            job.updateProgress(p as unknown as object).catch(() => undefined);
          },
        },
      );
      if (summary.status === 'INTERRUPTED') {
        log.info({ line: summary.lines }, 'import job put back on the queue (worker draining)');
        await job.moveToWait(token);
        throw new WaitingError();
      }
      await job.updateProgress(progressOf(summary)).catch(() => undefined);
      if (summary.status === 'CANCELLED') {
        await queue.clearCancel(jobId).catch(() => undefined);
        log.info('import job cancelled');
        throw new UnrecoverableError(CANCELLED);
      }
      log.info(
        { applied: summary.applied, rejected: summary.rejected, ms: summary.durationMs },
        'import job completed',
      );
      return { ...summary, rejections: summary.rejections.slice(0, SUMMARY_REJECTIONS) };
    } catch (e) {
      if (e instanceof WaitingError || e instanceof UnrecoverableError) throw e;
      if (e instanceof RunTakenOver) {
        log.warn('another worker took this run over; this one stops');
        throw e;
      }
      if (
        e instanceof ThreadgraphError &&
        (e.code === 'INVALID_INPUT' || e.code === 'CONFIG_INVALID')
      ) {
        log.warn({ err: e.message }, 'import job failed: invalid input (not retried)');
        throw new UnrecoverableError(e.message);
      }
      log.warn({ err: (e as Error).message }, 'import job attempt failed (retried with backoff)');
      throw e;
    } finally {
      clearInterval(poll);
    }
  };

  const worker = new Worker<ImportJobData, ImportSummary, string>(IMPORT_QUEUE, processor, {
    connection: {
      ...redisOptions(config.redisUrl),
      connectionName: `threadgraph:worker:${id}`,
      maxRetriesPerRequest: null,
    },
    prefix: config.prefix,
    concurrency: options.concurrency,
    lockDuration: config.lockMs,
    stalledInterval: config.lockMs,
    // a job whose worker died is taken up again; one that kills its worker every time fails
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('error', (e) => logger.warn({ err: e.message }, 'import worker: Redis error'));
  worker.on('failed', (job, e) => {
    if (job === undefined) return;
    const final =
      e.name === 'UnrecoverableError' ||
      e.message.includes('stalled more than allowable limit') ||
      job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final || e.message === CANCELLED) return;
    logger.error({ jobId: job.id, err: e.message }, 'import job failed for good');
    imports
      .markFailed(job.id as string, e.message)
      .catch((err: unknown) =>
        logger.warn(
          { jobId: job.id, err: (err as Error).message },
          'could not mark the run failed',
        ),
      );
  });

  const beat = () => void queue.beat(id).catch(() => undefined);
  await queue.beat(id).catch(() => undefined);
  const heartbeat = setInterval(beat, HEARTBEAT_TTL_MS / 3);
  const running = worker.run().catch((e: unknown) => {
    logger.error({ err: (e as Error).message }, 'import worker stopped');
  });
  logger.info({ worker: id, concurrency: options.concurrency }, 'import worker running');

  return {
    id,
    close: async () => {
      draining = true;
      clearInterval(heartbeat);
      await worker.close();
      await running;
      await queue.beat(id, true).catch(() => undefined);
      logger.info({ worker: id }, 'import worker stopped');
    },
  };
}

function progressOf(s: ImportSummary): object {
  return {
    importId: s.importId,
    phase: 'derive',
    lines: s.lines,
    applied: s.applied,
    unchanged: s.unchanged,
    history: s.history,
    rejected: s.rejected,
    violations: s.violations,
    duplicates: s.duplicates,
  };
}
