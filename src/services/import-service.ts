/**
 * One run of an import: a file read from its checkpoint, validated line by line, written in
 * batches, then its derived state worked out. Each batch is one transaction that also moves the
 * run's checkpoint, keeps the batch's rejected lines and notes what its changes can reach (the
 * seeds of derived state). So a run killed at any point — worker, Neo4j, Redis — resumes exactly
 * after the last committed batch, with exact counts, and the derived state of every change is
 * worked out by whichever run of the job gets to the end (graph-schema/model.md, "Import runs").
 */
import { randomUUID } from 'node:crypto';
import type { ReadFrom } from '../../importers/lines/read-lines';
import type { CanonicalRecord, Rejection } from '../domain/canonical';
import { authorityOf } from '../domain/canonical';
import { addSeeds, addSeedsJson, emptySeeds, seedCount, seedsToJson } from '../domain/dependencies';
import { ThreadgraphError } from '../domain/errors';
import { instantFromDate } from '../domain/time';
import type { Executor } from '../graph/executor';
import type { BatchOutcome, PreparedBatch } from '../graph/import-writer';
import { prepareBatch, writeBatch } from '../graph/import-writer';
import type { DeriveSummary } from './derive-service';
import { DeriveService } from './derive-service';
import type { FileFacts } from './import-files';
import { fileFacts } from './import-files';
import type { FormatOptions, ImportFormat } from './import-formats';
import { isLineFormat, readerOf } from './import-formats';

/** How many rejected lines the run's audit record keeps inline (all are kept per batch). */
const KEPT_REJECTIONS = 1000;

export type ImportStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';

export interface ImportCounts {
  /** non-blank lines read */
  readonly lines: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly history: number;
  readonly rejected: number;
  readonly violations: number;
  /** events whose idempotency key was received before: changed nothing */
  readonly duplicates: number;
}

export interface ImportSummary extends ImportCounts {
  readonly importId: string;
  readonly jobId: string;
  readonly file: string;
  readonly fileHash: string;
  readonly status: ImportStatus;
  /** the first rejected lines, with line number, field and reason */
  readonly rejections: readonly Rejection[];
  /** this process's time on the run (a resumed run counts from its resumption) */
  readonly durationMs: number;
  /** how many times the run was claimed (1 unless it was resumed) */
  readonly attempts: number;
  /** the derived state worked out again afterwards (units' gaps, daily health counts) */
  readonly derived?: DeriveSummary;
  readonly error?: string;
}

export interface ImportProgress extends ImportCounts {
  readonly importId: string;
  readonly phase: 'records' | 'derive';
  /** the last line read (blank ones included) and the file's lines, for a progress bar */
  readonly line: number;
  readonly totalLines: number;
  readonly offset: number;
  readonly fileSize: number;
}

/** Feeds per kind, source and system: the data-ownership audit adds these up. */
export interface Feed {
  readonly kind: string;
  readonly source: string;
  readonly system: string | null;
  records: number;
  refused: number;
}

export interface ImportRequest {
  /** the job this run belongs to; runs are `jobId.run` */
  readonly jobId: string;
  /** 1, or more for each replay of a completed job */
  readonly run: number;
  readonly file: string;
  readonly format: ImportFormat;
  readonly options?: FormatOptions;
  /** the name people know the input by (an upload's own file name); the path when absent */
  readonly label?: string;
  /** sha256 of the content when the job was submitted: a file changed since is refused */
  readonly fileHash?: string;
}

export interface ImportOptions {
  readonly batchSize: number;
  /** after each committed batch and when deriving starts */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * Asked between batches: 'drain' stops after the batch in flight and leaves the run to be
   * resumed; 'cancel' stops, works out derived state for what was written, and closes the run.
   */
  readonly stopRequested?: () => 'drain' | 'cancel' | undefined;
  /** work out derived state afterwards (default true; tests of the raw import turn it off) */
  readonly derive?: boolean;
}

/** Another claim of the same run took over: this one must stop writing. */
export class RunTakenOver extends Error {
  override readonly name = 'RunTakenOver';
}

interface StoredRun extends ImportCounts {
  readonly id: string;
  readonly status: 'NEW' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';
  readonly phase: 'records' | 'derive';
  readonly line: number;
  readonly offset: number;
  readonly batches: number;
  readonly attempts: number;
  readonly rejections: string;
  readonly feeds: string;
  readonly fileHash: string;
  readonly error?: string;
  readonly derivedUnits?: number;
  readonly derivedDays?: number;
}

/** What the parse side has read up to the end of a batch: the checkpoint the batch moves to. */
interface Cut {
  readonly records: CanonicalRecord[];
  readonly rejections: Rejection[];
  readonly line: number;
  readonly offset: number;
  readonly lines: number;
  readonly rejected: number;
  readonly keptRejections: string | null;
  readonly feeds: string;
}

export class ImportService {
  constructor(private readonly executor: Executor) {}

  /** A run outside any queue (tests, the bench's direct import): its own job id, run 1. */
  importCanonicalFile(file: string, options: ImportOptions): Promise<ImportSummary> {
    return this.run(
      { jobId: `direct-${randomUUID()}`, run: 1, file, format: 'canonical' },
      options,
    );
  }

  async run(request: ImportRequest, options: ImportOptions): Promise<ImportSummary> {
    const began = Date.now();
    const facts = await fileFacts(request.file);
    if (request.fileHash !== undefined && request.fileHash !== facts.sha256) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `${request.label ?? request.file} changed after the import was submitted ` +
          `(sha256 ${facts.sha256.slice(0, 12)}…, submitted ${request.fileHash.slice(0, 12)}…): submit it again`,
      );
    }
    const importId = `${request.jobId}.${request.run}`;
    const runToken = randomUUID();
    const stored = await this.claim(importId, request, facts, runToken);
    if (stored.status === 'COMPLETED') {
      return summaryOf(stored, request, Date.now() - began, 'COMPLETED');
    }

    const derive = new DeriveService(this.executor);
    let committed: StoredRun = stored;
    const progress = (phase: ImportProgress['phase']) =>
      options.onProgress?.({
        importId,
        phase,
        ...countsOf(committed),
        line: committed.line,
        totalLines: isLineFormat(request.format) ? facts.lines : 0,
        // for a format that is not a record a line, the offset counts records, not bytes
        offset: isLineFormat(request.format) ? committed.offset : 0,
        fileSize: facts.size,
      });
    const finish = async (
      status: ImportStatus,
      phase: ImportProgress['phase'],
      error: string | null,
      derived?: DeriveSummary,
    ) => {
      await this.executor.write('import:finish', (q) =>
        q.run('import/finish-import', {
          id: importId,
          runToken,
          status,
          phase,
          now: now(),
          error,
          derivedUnits: derived?.units ?? null,
          derivedDays: derived?.days ?? null,
        }),
      );
      return summaryOf(committed, request, Date.now() - began, status, derived, error);
    };

    // a job cancelled before it ran still works out the derived state of what earlier runs wrote
    let stop: 'drain' | 'cancel' | undefined =
      options.stopRequested?.() === 'cancel' ? 'cancel' : undefined;
    try {
      if (stored.phase === 'records' && stop === undefined) {
        stop = await this.readAndWrite(request, options, importId, runToken, stored, (run) => {
          committed = run;
          progress('records');
        });
      }
      if (stop === 'drain') return await finish('INTERRUPTED', 'records', null);
      // phase 'derive' means every line is read: a cancelled run stays in 'records', so that a
      // retry reads on from its checkpoint
      const phase = stop === 'cancel' ? 'records' : 'derive';
      if (options.derive === false) {
        return await finish(stop === 'cancel' ? 'CANCELLED' : 'COMPLETED', phase, null);
      }
      progress('derive');
      const derived = await this.derivePending(importId, runToken, derive, phase);
      return await finish(
        stop === 'cancel' ? 'CANCELLED' : 'COMPLETED',
        phase,
        stop === 'cancel' ? 'cancelled' : null,
        derived,
      );
    } catch (e) {
      if (e instanceof RunTakenOver) throw e;
      // the checkpoint holds what was committed; the run resumes from it when the job retries
      const message = (e as Error).message;
      await this.executor
        .write('import:finish', (q) =>
          q.run('import/finish-import', {
            id: importId,
            runToken,
            status: 'INTERRUPTED',
            phase: null, // as it stands
            now: now(),
            error: message,
            derivedUnits: null,
            derivedDays: null,
          }),
        )
        .catch(() => undefined); // Neo4j may be what failed; the next claim finds it RUNNING
      throw e;
    }
  }

  /** Marks the open run of a job that failed for good as FAILED (see mark-import-failed). */
  async markFailed(jobId: string, error: string): Promise<void> {
    await this.executor.write('import:failed', (q) =>
      q.run('import/mark-import-failed', { jobId, error, now: now() }),
    );
  }

  private async claim(
    importId: string,
    request: ImportRequest,
    facts: FileFacts,
    runToken: string,
  ): Promise<StoredRun> {
    const [row] = await this.executor.write('import:claim', (q) =>
      q.run<{ import: StoredRun }>('import/claim-import', {
        id: importId,
        jobId: request.jobId,
        run: request.run,
        format: request.format,
        options: JSON.stringify(request.options ?? {}),
        profileHash: request.options?.profileHash ?? null,
        file: request.file,
        label: request.label ?? request.file,
        fileHash: facts.sha256,
        fileSize: facts.size,
        totalLines: isLineFormat(request.format) ? facts.lines : 0,
        runToken,
        now: now(),
      }),
    );
    if (row === undefined) throw new ThreadgraphError('INTERNAL', `could not claim ${importId}`);
    if (row.import.fileHash !== facts.sha256) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `${request.file} is not the file run ${importId} began with (sha256 ${facts.sha256.slice(0, 12)}…, ` +
          `the run has ${row.import.fileHash.slice(0, 12)}…)`,
      );
    }
    return row.import;
  }

  /**
   * Reads from the checkpoint and writes batch after batch (the next one is parsed while the last
   * is written). Returns why it stopped early, if it did.
   */
  private async readAndWrite(
    request: ImportRequest,
    options: ImportOptions,
    importId: string,
    runToken: string,
    stored: StoredRun,
    onCommitted: (run: StoredRun) => void,
  ): Promise<'drain' | 'cancel' | undefined> {
    const ctx = { importId, startedAt: now() };
    const feeds = new Map<string, Feed>(
      (JSON.parse(stored.feeds) as Feed[]).map((f) => [feedKey(f.kind, f.source, f.system), f]),
    );
    const kept: Rejection[] = JSON.parse(stored.rejections) as Rejection[];
    let committed = stored;
    let lines = stored.lines;
    let rejected = stored.rejected;
    let records: CanonicalRecord[] = [];
    let rejections: Rejection[] = [];
    let keptChanged = false;
    let line = stored.line;
    let offset = stored.offset;
    let inflight: Promise<void> = Promise.resolve();
    let failure: Error | undefined;

    const cut = (): Cut => {
      const c: Cut = {
        records,
        rejections,
        line,
        offset,
        lines,
        rejected,
        keptRejections: keptChanged ? JSON.stringify(kept) : null,
        feeds: JSON.stringify([...feeds.values()]),
      };
      records = [];
      rejections = [];
      keptChanged = false;
      return c;
    };
    // (a function: the batch in flight sets `failure` behind the compiler's back)
    const failed = (): Error | undefined => failure;
    const send = (c: Cut, prepared: PreparedBatch) => {
      inflight = this.commitBatch(importId, runToken, committed, c, prepared, ctx).then(
        (run) => {
          committed = run;
          onCommitted(run);
        },
        (e: unknown) => {
          failure = e instanceof Error ? e : new Error(String(e));
        },
      );
    };

    const from: ReadFrom = { offset: stored.offset, line: stored.line };
    let stop: 'drain' | 'cancel' | undefined;
    for await (const l of readerOf(request.format, request.options)(request.file, from)) {
      line = l.line;
      offset = l.end;
      const parsed = l.parsed;
      if (parsed === undefined) continue;
      lines += 1;
      if (!parsed.ok) {
        rejected += 1;
        rejections.push(parsed.rejection);
        if (kept.length < KEPT_REJECTIONS) {
          kept.push(withoutExcerpt(parsed.rejection));
          keptChanged = true;
        }
        continue;
      }
      const r = parsed.record;
      const key = feedKey(r.kind, r.source, r.system ?? null);
      const feed = feeds.get(key) ?? {
        kind: r.kind,
        source: r.source,
        system: r.system ?? null,
        records: 0,
        refused: 0,
      };
      feed.records += 1;
      if (r.source !== authorityOf(r.kind)) feed.refused += 1;
      feeds.set(key, feed);
      records.push(r);
      if (records.length >= options.batchSize) {
        const c = cut();
        const prepared = prepareBatch(c.records, ctx); // while the previous batch is written
        await inflight;
        if (failed() !== undefined) break;
        stop = options.stopRequested?.();
        if (stop !== undefined) break;
        send(c, prepared);
      }
    }
    await inflight;
    const early = failed();
    if (early !== undefined) throw early;
    if (stop !== undefined) return stop;
    // the rest: the last records, or rejected lines after the last batch
    if (line !== committed.line) {
      const c = cut();
      send(c, prepareBatch(c.records, ctx));
      await inflight;
      const last = failed();
      if (last !== undefined) throw last;
    }
    return options.stopRequested?.() === 'cancel' ? 'cancel' : undefined;
  }

  /** One batch: records, what they can reach, rejected lines, checkpoint — one transaction. */
  private async commitBatch(
    importId: string,
    runToken: string,
    before: StoredRun,
    c: Cut,
    prepared: PreparedBatch,
    ctx: { importId: string; startedAt: string },
  ): Promise<StoredRun> {
    const batch = before.batches + 1;
    return this.executor.write('import:batch', async (q) => {
      await q.run('admin/lock-writes', { step: 1 });
      const o: BatchOutcome = await writeBatch(q, prepared, ctx);
      if (o.changed.length > 0) {
        const seeds = emptySeeds();
        for (const ch of o.changed) addSeeds(seeds, ch.kind, ch.data);
        if (seedCount(seeds) > 0) {
          await q.run('derive/mark-pending', {
            id: `${importId}#${batch}`,
            importId,
            seeds: seedsToJson(seeds),
            createdAt: now(),
          });
        }
      }
      if (c.rejections.length > 0) {
        await q.run('import/record-rejections', {
          id: `${importId}#${batch}`,
          importId,
          batch,
          rows: JSON.stringify(c.rejections),
          count: c.rejections.length,
        });
      }
      const run: StoredRun = {
        ...before,
        line: c.line,
        offset: c.offset,
        batches: batch,
        lines: c.lines,
        rejected: c.rejected,
        applied: before.applied + o.applied,
        unchanged: before.unchanged + o.unchanged,
        history: before.history + o.history,
        violations: before.violations + o.violations,
        duplicates: before.duplicates + o.duplicates,
        rejections: c.keptRejections ?? before.rejections,
        feeds: c.feeds,
      };
      const advanced = await q.run('import/advance-import', {
        id: importId,
        runToken,
        fromLine: before.line,
        line: run.line,
        offset: run.offset,
        batches: run.batches,
        lines: run.lines,
        applied: run.applied,
        unchanged: run.unchanged,
        history: run.history,
        rejected: run.rejected,
        violations: run.violations,
        duplicates: run.duplicates,
        rejections: c.keptRejections,
        feeds: run.feeds,
        now: now(),
      });
      if (advanced.length === 0) {
        throw new RunTakenOver(`import run ${importId} was claimed again by another worker`);
      }
      return run;
    });
  }

  /** Works out the derived state of every change of this run still pending, then clears them. */
  private async derivePending(
    importId: string,
    runToken: string,
    derive: DeriveService,
    phase: ImportProgress['phase'],
  ): Promise<DeriveSummary> {
    await this.executor.write('import:derive', (q) =>
      q.run('import/finish-import', {
        id: importId,
        runToken,
        status: 'RUNNING',
        phase,
        now: now(),
        error: null,
        derivedUnits: null,
        derivedDays: null,
      }),
    );
    const pending = await this.executor.read('import:pending', (q) =>
      q.run<{ id: string; seeds: string }>('derive/read-pending', { importId }),
    );
    const seeds = emptySeeds();
    for (const p of pending) addSeedsJson(seeds, p.seeds);
    const derived =
      seedCount(seeds) > 0
        ? await derive.afterChanges(seeds)
        : { units: 0, days: 0, durationMs: 0 };
    if (pending.length > 0) {
      await this.executor.write('import:pending', (q) =>
        q.run('derive/clear-pending', { ids: pending.map((p) => p.id) }),
      );
    }
    return derived;
  }
}

function feedKey(kind: string, source: string, system: string | null): string {
  return `${kind}\u0000${source}\u0000${system ?? ''}`;
}

function withoutExcerpt(r: Rejection): Rejection {
  return r.field === undefined
    ? { line: r.line, reason: r.reason }
    : { line: r.line, field: r.field, reason: r.reason };
}

function countsOf(run: ImportCounts): ImportCounts {
  return {
    lines: run.lines,
    applied: run.applied,
    unchanged: run.unchanged,
    history: run.history,
    rejected: run.rejected,
    violations: run.violations,
    duplicates: run.duplicates,
  };
}

function summaryOf(
  run: StoredRun,
  request: ImportRequest,
  durationMs: number,
  status: ImportStatus,
  derived?: DeriveSummary,
  error?: string | null,
): ImportSummary {
  const fallbackDerived =
    run.derivedUnits !== undefined && run.derivedUnits !== null
      ? { units: run.derivedUnits, days: run.derivedDays ?? 0, durationMs: 0 }
      : undefined;
  const d = derived ?? fallbackDerived;
  const e = error ?? (status === 'COMPLETED' ? undefined : run.error);
  return {
    importId: run.id,
    jobId: request.jobId,
    file: request.label ?? request.file,
    fileHash: run.fileHash,
    status,
    ...countsOf(run),
    rejections: JSON.parse(run.rejections) as Rejection[],
    durationMs,
    attempts: run.attempts,
    ...(d === undefined ? {} : { derived: d }),
    ...(e === undefined || e === null ? {} : { error: e }),
  };
}

function now(): string {
  return instantFromDate(new Date());
}
