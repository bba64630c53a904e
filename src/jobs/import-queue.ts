/**
 * The import queue on BullMQ: jobs keyed by their input (content hash + options), retried with
 * exponential backoff on transient faults, kept when they fail for good so they can be replayed.
 * Our own keys beside BullMQ's: a cancel request per job, and the heartbeats of live workers.
 */
import type { Job, JobType } from 'bullmq';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { EventEmitter, on } from 'node:events';
import type { JobsConfig } from '../config';
import { ThreadgraphError } from '../domain/errors';
import { instantFromDate } from '../domain/time';
import type {
  ImportInput,
  ImportJob,
  ImportJobPage,
  ImportJobState,
  ImportQueue,
} from '../services/import-jobs';
import type { ImportProgress, ImportSummary } from '../services/import-service';
import { redactedUrl } from '../config';
import { connectRedis, redisOptions } from './redis';

export const IMPORT_QUEUE = 'imports';
/** The failure reason of a cancelled job (BullMQ keeps it as a failed job). */
export const CANCELLED = 'cancelled';
/** A worker that has not beaten for this long is taken for gone. */
export const HEARTBEAT_TTL_MS = 15_000;
const KEEP_COMPLETED_S = 30 * 24 * 3600;
const REDIS_DEADLINE_MS = 5000;

export interface ImportJobData {
  readonly input: ImportInput;
  readonly run: number;
}

export type BullImportJob = Job<ImportJobData, ImportSummary, string>;

const BULL_TYPES: Record<ImportJobState, JobType[]> = {
  WAITING: ['waiting', 'prioritized', 'waiting-children'],
  ACTIVE: ['active'],
  DELAYED: ['delayed'],
  COMPLETED: ['completed'],
  FAILED: ['failed'],
  CANCELLED: ['failed'],
};

const FINAL: ReadonlySet<ImportJobState> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export class BullImportQueue implements ImportQueue {
  private readonly queue: Queue<ImportJobData, ImportSummary, string>;
  private readonly redis: Redis;
  private events?: QueueEvents;
  private readonly changes = new EventEmitter();

  constructor(private readonly config: JobsConfig) {
    this.queue = new Queue(IMPORT_QUEUE, {
      connection: { ...redisOptions(config.redisUrl), connectionName: 'threadgraph:queue' },
      prefix: config.prefix,
    });
    this.queue.on('error', () => undefined); // ioredis reconnects; calls report their own failure
    this.redis = connectRedis(config.redisUrl, 'threadgraph:queue-keys');
    this.changes.setMaxListeners(0);
  }

  get redisUrl(): string {
    return this.config.redisUrl;
  }

  /** Connects, or fails within seconds with UNAVAILABLE. */
  async open(): Promise<this> {
    await this.call('connect', async () => {
      await this.redis.connect();
      await this.queue.waitUntilReady();
    });
    return this;
  }

  async close(): Promise<void> {
    await this.events?.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }

  async submit(
    id: string,
    input: ImportInput,
    options: { readonly first?: boolean } = {},
  ): Promise<{ job: ImportJob; created: boolean }> {
    return this.call('submit', async () => {
      const existing = await this.queue.getJob(id);
      if (existing !== undefined) return { job: await this.view(existing), created: false };
      await this.queue.add(
        'import',
        { input, run: 1 },
        {
          jobId: id,
          attempts: this.config.attempts,
          backoff: { type: 'exponential', delay: this.config.backoffMs, jitter: 0.2 },
          removeOnComplete: { age: KEEP_COMPLETED_S, count: 10_000 },
          removeOnFail: false,
          ...(options.first ? { lifo: true } : {}),
        },
      );
      // BullMQ answers a duplicate id with a job holding *our* arguments: read what is stored
      const stored = await this.queue.getJob(id);
      if (stored === undefined) throw new ThreadgraphError('INTERNAL', `job ${id} vanished`);
      return {
        job: await this.view(stored),
        created: stored.data.input.fileHash === input.fileHash,
      };
    });
  }

  get(id: string): Promise<ImportJob | undefined> {
    return this.call('get', async () => {
      const job = await this.queue.getJob(id);
      return job === undefined ? undefined : this.view(job);
    });
  }

  list(
    states: readonly ImportJobState[] | undefined,
    offset: number,
    limit: number,
  ): Promise<ImportJobPage> {
    return this.call('list', async () => {
      const wanted = new Set(states ?? Object.keys(BULL_TYPES));
      const types = [...new Set([...wanted].flatMap((s) => BULL_TYPES[s as ImportJobState]))];
      // each BullMQ state lists newest first; read enough of each to fill the page after merging
      const want = offset + limit + 1;
      const found: ImportJob[] = [];
      for (let window = want; ; window *= 4) {
        const jobs = await this.queue.getJobs(types, 0, window - 1);
        found.length = 0;
        for (const job of jobs) {
          const view = await this.view(job);
          if (wanted.has(view.state)) found.push(view);
        }
        if (found.length >= want || jobs.length < window * types.length || window > 100_000) break;
      }
      found.sort((a, b) => activity(b).localeCompare(activity(a)) || b.id.localeCompare(a.id));
      return { jobs: found.slice(offset, offset + limit), hasMore: found.length > offset + limit };
    });
  }

  retry(id: string): Promise<ImportJob> {
    return this.call('retry', async () => {
      const job = await this.must(id);
      const state = await job.getState();
      if (state === 'failed') {
        await this.redis.del(this.cancelKey(id));
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else if (state === 'completed') {
        // a completed job runs again as its next run: the earlier run stays on record
        await job.updateData({ ...job.data, run: job.data.run + 1 });
        await job.retry('completed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else {
        throw new ThreadgraphError(
          'INVALID_INPUT',
          `job ${id} is ${stateName(state)}: only a failed, cancelled or completed job can be retried`,
        );
      }
      return this.view(await this.must(id));
    });
  }

  cancel(id: string): Promise<ImportJob> {
    return this.call('cancel', async () => {
      const job = await this.must(id);
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        const view = await this.view(job);
        if (view.state === 'CANCELLED') return view;
        throw new ThreadgraphError(
          'INVALID_INPUT',
          `job ${id} is ${view.state.toLowerCase()}: there is nothing to cancel`,
        );
      }
      // the worker that takes or holds the job stops it after its batch in flight, works out the
      // derived state of what it wrote, and fails it as cancelled
      await this.redis.set(this.cancelKey(id), instantFromDate(new Date()), 'EX', KEEP_COMPLETED_S);
      if (state === 'delayed') await job.promote(); // no need to wait out a retry delay
      return this.view(job);
    });
  }

  async *watch(id: string, signal: AbortSignal): AsyncIterable<ImportJob> {
    await this.ensureEvents();
    // listen before the first read, so no change between the two is missed
    const changes = on(this.changes, id, { signal });
    let current = await this.get(id);
    if (current === undefined) throw new ThreadgraphError('NOT_FOUND', `no import job ${id}`);
    yield current;
    if (FINAL.has(current.state)) return;
    try {
      for await (const _ of changes) {
        const next = await this.get(id);
        if (next === undefined) return;
        if (next.state === current.state && sameProgress(next.progress, current.progress)) continue;
        current = next;
        yield current;
        if (FINAL.has(current.state)) return;
      }
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    }
  }

  counts(): Promise<Record<ImportJobState, number>> {
    return this.call('counts', async () => {
      const c = await this.queue.getJobCounts();
      const cancelled = (await this.queue.getJobs(['failed'], 0, -1)).filter(
        (j) => j.failedReason === CANCELLED,
      ).length;
      return {
        WAITING: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        ACTIVE: c.active ?? 0,
        DELAYED: c.delayed ?? 0,
        COMPLETED: c.completed ?? 0,
        FAILED: (c.failed ?? 0) - cancelled,
        CANCELLED: cancelled,
      };
    });
  }

  workersAlive(): Promise<number> {
    return this.call('workers', async () => {
      const now = Date.now();
      await this.redis.zremrangebyscore(this.workersKey(), 0, now - HEARTBEAT_TTL_MS);
      return this.redis.zcard(this.workersKey());
    });
  }

  async onFinished(listener: (job: ImportJob) => void): Promise<() => void> {
    await this.ensureEvents();
    const events = this.events as QueueEvents;
    const handle = ({ jobId }: { jobId: string }) => {
      this.get(jobId).then(
        (job) => {
          if (job !== undefined && FINAL.has(job.state)) listener(job);
        },
        () => undefined,
      );
    };
    events.on('completed', handle);
    events.on('failed', handle);
    return () => {
      events.off('completed', handle);
      events.off('failed', handle);
    };
  }

  /** A worker's heartbeat (see HEARTBEAT_TTL_MS); `gone` takes it off at once. */
  async beat(workerId: string, gone = false): Promise<void> {
    if (gone) await this.redis.zrem(this.workersKey(), workerId);
    else await this.redis.zadd(this.workersKey(), Date.now(), workerId);
  }

  async cancelRequested(id: string): Promise<boolean> {
    return (await this.redis.exists(this.cancelKey(id))) === 1;
  }

  async clearCancel(id: string): Promise<void> {
    await this.redis.del(this.cancelKey(id));
  }

  private cancelKey(id: string): string {
    return `${this.config.prefix}:import-cancel:${id}`;
  }

  private workersKey(): string {
    return `${this.config.prefix}:import-workers`;
  }

  private async must(id: string): Promise<BullImportJob> {
    const job = await this.queue.getJob(id);
    if (job === undefined) throw new ThreadgraphError('NOT_FOUND', `no import job ${id}`);
    return job;
  }

  private async view(fetched: BullImportJob): Promise<ImportJob> {
    const bull = await fetched.getState();
    // a job read just before it ended shows its end state without its outcome: read it again
    const job =
      (bull === 'completed' || bull === 'failed') && !fetched.finishedOn
        ? ((await this.queue.getJob(fetched.id as string)) ?? fetched)
        : fetched;
    const id = job.id as string;
    const cancelRequested =
      bull !== 'completed' && bull !== 'failed' && (await this.cancelRequested(id));
    const state = stateOf(bull, job.failedReason);
    const progress =
      typeof job.progress === 'object' && job.progress !== null
        ? (job.progress as unknown as ImportProgress)
        : undefined;
    // a delayed job's due time is its score in BullMQ's delayed set, in units of 1/4096 ms
    const score =
      bull === 'delayed'
        ? await this.redis.zscore(`${this.config.prefix}:${IMPORT_QUEUE}:delayed`, id)
        : null;
    return {
      id,
      state,
      input: job.data.input,
      run: job.data.run,
      submittedAt: iso(job.timestamp) as string,
      ...optional('startedAt', iso(job.processedOn)),
      ...optional('finishedAt', FINAL.has(state) ? iso(job.finishedOn) : undefined),
      attemptsMade: job.attemptsMade,
      attemptsMax: job.opts.attempts ?? 1,
      ...optional(
        'nextAttemptAt',
        score === null ? undefined : iso(Math.floor(Number(score) / 0x1000)),
      ),
      ...optional('progress', progress),
      ...optional('summary', job.returnvalue ?? undefined),
      ...optional(
        'error',
        state === 'FAILED' || state === 'DELAYED' ? job.failedReason || undefined : undefined,
      ),
      cancelRequested,
    };
  }

  private async ensureEvents(): Promise<void> {
    if (this.events !== undefined) return;
    const events = new QueueEvents(IMPORT_QUEUE, {
      connection: {
        ...redisOptions(this.config.redisUrl),
        connectionName: 'threadgraph:queue-events',
        maxRetriesPerRequest: null,
      },
      prefix: this.config.prefix,
    });
    events.on('error', () => undefined);
    this.events = events;
    const emit = ({ jobId }: { jobId: string }) => this.changes.emit(jobId, jobId);
    for (const name of [
      'progress',
      'active',
      'waiting',
      'delayed',
      'completed',
      'failed',
      'removed',
    ] as const) {
      events.on(name, emit);
    }
    await events.waitUntilReady();
  }

  /** Every queue call: Redis down or slow answers UNAVAILABLE within seconds, never hangs. */
  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ThreadgraphError(
              'UNAVAILABLE',
              `Redis at ${redactedUrl(this.config.redisUrl)} did not answer within ${REDIS_DEADLINE_MS / 1000} s (${what})`,
            ),
          ),
        REDIS_DEADLINE_MS,
      );
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (e) {
      if (e instanceof ThreadgraphError) throw e;
      throw new ThreadgraphError(
        'UNAVAILABLE',
        `Redis at ${redactedUrl(this.config.redisUrl)} is unavailable (${what}): ${(e as Error).message}`,
        { cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

function stateOf(bull: string, failedReason: string | undefined): ImportJobState {
  switch (bull) {
    case 'active':
      return 'ACTIVE';
    case 'delayed':
      return 'DELAYED';
    case 'completed':
      return 'COMPLETED';
    case 'failed':
      return failedReason === CANCELLED ? 'CANCELLED' : 'FAILED';
    default:
      return 'WAITING';
  }
}

function stateName(bull: string): string {
  return bull === 'active' ? 'running' : bull === 'delayed' ? 'waiting to retry' : 'waiting';
}

/** The time a job last changed: its finish, start or submission. */
function activity(job: ImportJob): string {
  return job.finishedAt ?? job.startedAt ?? job.submittedAt;
}

function sameProgress(a: ImportProgress | undefined, b: ImportProgress | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined || ms === null || ms === 0 ? undefined : instantFromDate(new Date(ms));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
