/**
 * Import jobs: every import — from the CLI, GraphQL or HTTP — is a job on a queue that workers
 * take. A job names its input (a file workers can read), never holds it; the same input with the
 * same options is one job. This file declares the queue the service needs (jobs/ implements it
 * on BullMQ) and composes it with the runs the graph records.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Rejection } from '../domain/canonical';
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from '../graph/executor';
import { loadProfile } from '../../importers/csv';
import { PACKAGE_ROOT } from '../paths';
import type { FormatOptions, ImportFormat } from './import-formats';
import {
  detectFormat,
  FORMAT_OPTION_NAMES,
  IMPORT_FORMATS,
  isLineFormat,
  optionProblems,
} from './import-formats';
import { fileFacts } from './import-files';
import type { ImportProgress, ImportStatus, ImportSummary } from './import-service';

export const IMPORT_JOB_STATES = [
  'WAITING',
  'ACTIVE',
  'DELAYED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];

/** Where a job's input came from. */
export type ImportOrigin = 'path' | 'upload' | 'events';

/** What a job refers to: a file every worker can read, and the facts it was submitted with. */
export interface ImportInput {
  readonly file: string;
  /** the name people know it by (an upload's own name, the path as typed) */
  readonly label: string;
  readonly format: ImportFormat;
  /** what the format is read with (a CSV profile, a site, a time zone): part of the job's identity */
  readonly options?: FormatOptions;
  readonly origin: ImportOrigin;
  readonly fileHash: string;
  readonly fileSize: number;
  readonly totalLines: number;
}

/** A job as the queue knows it. */
export interface ImportJob {
  readonly id: string;
  readonly state: ImportJobState;
  readonly input: ImportInput;
  /** which run of the job (a completed job run again is run 2, …) */
  readonly run: number;
  readonly submittedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** attempts that failed or ran (a drained or resumed run is not a failed attempt) */
  readonly attemptsMade: number;
  readonly attemptsMax: number;
  /** when a job waiting to retry will be tried again */
  readonly nextAttemptAt?: string;
  readonly progress?: ImportProgress;
  /** the outcome of a completed (or cancelled) job */
  readonly summary?: ImportSummary;
  /** why a failed job failed */
  readonly error?: string;
  readonly cancelRequested: boolean;
}

export interface ImportJobPage {
  readonly jobs: readonly ImportJob[];
  readonly hasMore: boolean;
}

/** The queue the import jobs live on (jobs/import-queue.ts). */
export interface ImportQueue {
  /**
   * Adds the job unless one with the same id exists; `created` says which. `first` puts a new
   * job at the head of the queue (the CLI's own job when it works the queue itself).
   */
  submit(
    id: string,
    input: ImportInput,
    options?: { readonly first?: boolean },
  ): Promise<{ job: ImportJob; created: boolean }>;
  get(id: string): Promise<ImportJob | undefined>;
  /** newest first within each state; `states` undefined: every state */
  list(
    states: readonly ImportJobState[] | undefined,
    offset: number,
    limit: number,
  ): Promise<ImportJobPage>;
  /** a failed or cancelled job resumes from its checkpoint; a completed one runs again */
  retry(id: string): Promise<ImportJob>;
  /** a waiting job never runs; a running one stops after its batch in flight */
  cancel(id: string): Promise<ImportJob>;
  /** the job now and after every change of state or progress, until it ends or `signal` aborts */
  watch(id: string, signal: AbortSignal): AsyncIterable<ImportJob>;
  counts(): Promise<Record<ImportJobState, number>>;
  /** workers that sent a heartbeat lately */
  workersAlive(): Promise<number>;
  /** calls `listener` as each job ends (completed, failed or cancelled); returns the unsubscribe */
  onFinished(listener: (job: ImportJob) => void): Promise<() => void>;
}

/** A run of a job as the graph recorded it (the `:Import` node). */
export interface ImportRun {
  readonly id: string;
  readonly run: number;
  readonly status: 'NEW' | 'RUNNING' | ImportStatus;
  readonly phase: 'records' | 'derive';
  readonly startedAt: string;
  readonly resumedAt?: string;
  readonly finishedAt?: string;
  readonly attempts: number;
  readonly line: number;
  readonly totalLines?: number;
  readonly lines: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly history: number;
  readonly rejected: number;
  readonly violations: number;
  readonly duplicates: number;
  readonly derivedUnits?: number;
  readonly derivedDays?: number;
  readonly error?: string;
  /** the first rejected lines (JSON) */
  readonly rejections: string;
}

export interface ImportJobDetails extends ImportJob {
  /** its runs as the graph recorded them, newest first */
  readonly runs: readonly ImportRun[];
}

export class ImportJobService {
  constructor(
    private readonly queue: ImportQueue,
    /** the graph the runs are recorded in (undefined: a client of the queue only) */
    private readonly executor: Executor | undefined,
    /** THREADGRAPH_HOME: uploads and event batches are kept under it */
    private readonly home: string,
  ) {}

  /** A job for a file on a path the workers can read. */
  async submitPath(
    path: string,
    format: ImportFormat | undefined,
    options: {
      readonly first?: boolean;
      readonly label?: string;
      readonly formatOptions?: FormatOptions;
    } = {},
  ): Promise<{ job: ImportJob; created: boolean }> {
    const file = isAbsolute(path) ? path : resolve(path);
    const facts = await fileFacts(file);
    const f = format ?? (await formatOf(file, options.label ?? path));
    const formatOptions = await prepareOptions(f, options.formatOptions ?? {}, this.home);
    const input: ImportInput = {
      file,
      label: options.label ?? path,
      format: f,
      ...(Object.keys(formatOptions).length > 0 ? { options: formatOptions } : {}),
      origin: 'path',
      fileHash: facts.sha256,
      fileSize: facts.size,
      totalLines: isLineFormat(f) ? facts.lines : 0,
    };
    return this.queue.submit(importJobId(facts.sha256, f, formatOptions), input, options);
  }

  /**
   * A job for a file on the server named by a client over the API: only inside the folders
   * configured for it (links resolved first, so none leads out of them).
   */
  async submitServerPath(
    path: string,
    format: ImportFormat | undefined,
    allowed: readonly string[],
    formatOptions: FormatOptions = {},
  ): Promise<{ job: ImportJob; created: boolean }> {
    const real = await insideImportDirs(path, allowed);
    return this.submitPath(real, format, { label: path, formatOptions });
  }

  /** A CSV profile named by an API client: a shipped profile, or a file inside the import folders. */
  async profileFromClient(named: string, allowed: readonly string[]): Promise<string> {
    if ((await shippedProfiles()).includes(named)) return named;
    return insideImportDirs(named, allowed);
  }

  /**
   * A job for a file received over HTTP (already on disk, e.g. a finished upload): kept under
   * THREADGRAPH_HOME/<folder>, named by its content, so every worker sharing the home reads it.
   */
  async submitReceived(
    received: string,
    label: string,
    format: ImportFormat | undefined,
    origin: 'upload' | 'events',
    formatOptions: FormatOptions = {},
  ): Promise<{ job: ImportJob; created: boolean }> {
    const facts = await fileFacts(received);
    let f: ImportFormat;
    let options: FormatOptions;
    try {
      f = format ?? (await formatOf(received, label));
      options = await prepareOptions(f, formatOptions, this.home);
    } catch (e) {
      await rm(received, { force: true });
      throw e;
    }
    const dir = join(this.home, origin === 'upload' ? 'uploads' : 'events');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ext =
      extname(label)
        .replace(/[^A-Za-z0-9.]/g, '')
        .slice(0, 12) || '.jsonl';
    const file = join(dir, `${facts.sha256}${ext}`);
    await rename(received, file).catch(async (e: unknown) => {
      await rm(received, { force: true });
      throw e;
    });
    const input: ImportInput = {
      file,
      label,
      format: f,
      ...(Object.keys(options).length > 0 ? { options } : {}),
      origin,
      fileHash: facts.sha256,
      fileSize: facts.size,
      totalLines: isLineFormat(f) ? facts.lines : 0,
    };
    return this.queue.submit(importJobId(facts.sha256, f, options), input);
  }

  async job(id: string): Promise<ImportJobDetails | undefined> {
    const job = await this.queue.get(id);
    if (job === undefined) return undefined;
    return { ...job, runs: await this.runsOf(id) };
  }

  list(states: readonly ImportJobState[] | undefined, offset: number, limit: number) {
    return this.queue.list(states, offset, limit);
  }

  retry(id: string): Promise<ImportJob> {
    return this.queue.retry(id);
  }

  cancel(id: string): Promise<ImportJob> {
    return this.queue.cancel(id);
  }

  watch(id: string, signal: AbortSignal): AsyncIterable<ImportJob> {
    return this.queue.watch(id, signal);
  }

  counts() {
    return this.queue.counts();
  }

  workersAlive(): Promise<number> {
    return this.queue.workersAlive();
  }

  onFinished(listener: (job: ImportJob) => void): Promise<() => void> {
    return this.queue.onFinished(listener);
  }

  async runsOf(jobId: string): Promise<ImportRun[]> {
    if (this.executor === undefined) return [];
    const [row] = await this.executor.read('jobs:runs', (q) =>
      q.run<{ runs: ImportRun[] }>('import/read-imports-of-jobs', { jobIds: [jobId] }),
    );
    return row?.runs ?? [];
  }

  /**
   * Every rejected line of the job's latest run, in line order, a batch at a time (a file of a
   * million bad lines is not held in memory).
   */
  async *rejectedLines(jobId: string): AsyncGenerator<Rejection> {
    const [latest] = await this.runsOf(jobId);
    if (latest === undefined || this.executor === undefined) return;
    for (let after = -1; ;) {
      const page = await this.executor.read('jobs:rejections', (q) =>
        q.run<{ batch: number; rows: string }>('import/read-rejections', {
          importId: latest.id,
          afterBatch: after,
          limit: 20,
        }),
      );
      for (const p of page) yield* JSON.parse(p.rows) as Rejection[];
      const last = page[page.length - 1];
      if (last === undefined) return;
      after = last.batch;
    }
  }
}

/** The same content imported with the same options is one job. */
export function importJobId(
  fileHash: string,
  format: ImportFormat,
  formatOptions: FormatOptions = {},
): string {
  // the options as they were before formats had any: the ids of older jobs stay what they were
  const given = Object.entries(formatOptions)
    .filter(([k, v]) => v !== undefined && k !== 'profile' && k !== 'profileName')
    .sort(([a], [b]) => a.localeCompare(b));
  const options = JSON.stringify(
    given.length === 0 ? { format } : { format, ...Object.fromEntries(given) },
  );
  return `imp-${createHash('sha256').update(`${fileHash}\n${options}`).digest('hex').slice(0, 24)}`;
}

/** A path named by an API client, resolved (links too) and kept inside the import folders. */
async function insideImportDirs(path: string, allowed: readonly string[]): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    throw new ThreadgraphError('INVALID_INPUT', `cannot read ${path}: ${(e as Error).message}`);
  }
  const inside = await Promise.all(
    allowed.map(async (dir) => {
      const root = await realpath(dir).catch(() => undefined);
      return root !== undefined && (real === root || real.startsWith(`${root}${sep}`));
    }),
  );
  if (!inside.some(Boolean)) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `${path} is not in a folder the server imports from (${allowed.join(', ')}): ` +
        'put the file there, upload it, or set THREADGRAPH_IMPORT_DIRS',
    );
  }
  return real;
}

/** The format of a file nobody named, or a clear refusal. */
async function formatOf(file: string, label: string): Promise<ImportFormat> {
  const found = await detectFormat(file, label);
  if (found === undefined) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `cannot tell the format of ${label} from its content or name: name it (--format ${IMPORT_FORMATS.join('|')})`,
    );
  }
  return found;
}

/**
 * The options a job is submitted with, checked: a CSV profile is loaded and validated (every
 * problem listed) and a copy kept under THREADGRAPH_HOME by its sha256, so every worker reads
 * the profile the job was submitted with, whatever happens to the original later.
 */
async function prepareOptions(
  format: ImportFormat,
  given: FormatOptions,
  home: string,
): Promise<FormatOptions> {
  const options: Record<string, string> = {};
  for (const name of FORMAT_OPTION_NAMES) {
    const v = given[name];
    if (v !== undefined && v !== '' && name !== 'profileHash' && name !== 'profileName')
      options[name] = v;
  }
  const problems = optionProblems(format, options);
  if (problems.length > 0) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `cannot read ${format} with these options:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  if (format !== 'csv') return options;
  if (options.profile === undefined) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `a CSV import needs a mapping profile (--profile FILE, or one of: ${(await shippedProfiles()).join(', ')})`,
    );
  }
  const path = await profilePath(options.profile);
  const loaded = await loadProfile(path);
  if ('problems' in loaded) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `the profile ${options.profile} cannot be used:\n${loaded.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
  }
  const dir = join(home, 'profiles-used');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const kept = join(dir, `${loaded.hash}.json`);
  await copyFile(path, kept);
  return {
    ...options,
    profile: kept,
    profileHash: loaded.hash,
    profileName: `${loaded.profile.id}@${loaded.profile.version}`,
  };
}

/** A profile as named: a file, or the name of a profile shipped with threadgraph. */
async function profilePath(named: string): Promise<string> {
  if (/^[a-z0-9][a-z0-9-]*$/i.test(named) && !named.endsWith('.json')) {
    const shipped = join(PROFILES_DIR, `${named}.json`);
    if (
      await stat(shipped).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return shipped;
  }
  return isAbsolute(named) ? named : resolve(named);
}

/** The names of the CSV profiles shipped with threadgraph. */
export async function shippedProfiles(): Promise<string[]> {
  const names = await readdir(PROFILES_DIR).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .sort();
}

const PROFILES_DIR = join(PACKAGE_ROOT, 'importers', 'csv', 'profiles');

/** A job id as people type it, checked before it reaches the queue. */
export function checkJobId(id: string): string {
  if (!/^imp-[0-9a-f]{24}$/.test(id)) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `not an import job id: ${JSON.stringify(id.slice(0, 80))}`,
    );
  }
  return id;
}
