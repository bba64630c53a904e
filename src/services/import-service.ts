/**
 * One import run of one file: hash it, open its audit record, stream and validate its lines,
 * write them in batches (one transaction each, the next batch parsed while the last is written),
 * close the audit record with the outcome. A batch that fails stops the run: the batches before
 * it stay applied, it and the rest do not, and running the same file again completes the import.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Rejection } from '../../importers/canonical/parse-line';
import { readCanonical } from '../../importers/canonical/read-canonical';
import type { CanonicalRecord } from '../domain/canonical';
import { authorityOf } from '../domain/canonical';
import { addSeeds, emptySeeds, seedCount } from '../domain/dependencies';
import type { DeriveSummary } from './derive-service';
import { DeriveService } from './derive-service';
import { ThreadgraphError } from '../domain/errors';
import { instantFromDate } from '../domain/time';
import type { Executor } from '../graph/executor';
import type { PreparedBatch } from '../graph/import-writer';
import { prepareBatch, writeBatch } from '../graph/import-writer';

/** How many rejected lines the audit record keeps verbatim (all are counted). */
const KEPT_REJECTIONS = 1000;

export interface ImportSummary {
  readonly importId: string;
  readonly file: string;
  readonly fileHash: string;
  readonly status: 'COMPLETED' | 'FAILED';
  /** non-blank lines read */
  readonly lines: number;
  readonly applied: number;
  readonly unchanged: number;
  readonly history: number;
  readonly rejected: number;
  readonly violations: number;
  /** the first rejected lines, with line number, field and reason */
  readonly rejections: readonly Rejection[];
  readonly durationMs: number;
  /** the derived state worked out again afterwards (units' gaps, daily health counts) */
  readonly derived?: DeriveSummary;
  readonly error?: string;
}

/** What one system sent of one class in one import: the data-ownership audit adds these up. */
export interface Feed {
  readonly kind: string;
  readonly source: string;
  readonly system: string | null;
  records: number;
  refused: number;
}

export interface ImportOptions {
  readonly batchSize: number;
  /** called after each committed batch */
  readonly onProgress?: (progress: { lines: number; applied: number }) => void;
  /** work out derived state afterwards (default true; tests of the raw import turn it off) */
  readonly derive?: boolean;
}

export class ImportService {
  constructor(private readonly executor: Executor) {}

  async importCanonicalFile(file: string, options: ImportOptions): Promise<ImportSummary> {
    const began = Date.now();
    const { fileHash, size } = await readable(file);
    const importId = `imp-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
    const startedAt = instantFromDate(new Date());
    await this.executor.write('import:start', (q) =>
      q.run('import/start-import', {
        id: importId,
        format: 'canonical',
        file,
        fileHash,
        fileSize: size,
        startedAt: startedAt,
      }),
    );

    const totals = { applied: 0, unchanged: 0, history: 0, violations: 0 };
    const seeds = emptySeeds();
    const feeds = new Map<string, Feed>();
    const rejections: Rejection[] = [];
    let rejected = 0;
    let lines = 0;
    let failure: unknown;
    let inflight: Promise<void> = Promise.resolve();
    const ctx = { importId, startedAt };
    const send = (batch: PreparedBatch) => {
      inflight = this.executor
        .write('import:batch', (q) => writeBatch(q, batch, ctx))
        .then(
          (o) => {
            totals.applied += o.applied;
            totals.unchanged += o.unchanged;
            totals.history += o.history;
            totals.violations += o.violations;
            for (const c of o.changed) addSeeds(seeds, c.kind, c.data);
            options.onProgress?.({ lines, applied: totals.applied });
          },
          (e: unknown) => {
            failure = e;
          },
        );
    };

    let batch: CanonicalRecord[] = [];
    for await (const parsed of readCanonical(file)) {
      lines += 1;
      if (!parsed.ok) {
        rejected += 1;
        if (rejections.length < KEPT_REJECTIONS) rejections.push(parsed.rejection);
        continue;
      }
      const r = parsed.record;
      const feedKey = `${r.kind}\u0000${r.source}\u0000${r.system ?? ''}`;
      const feed = feeds.get(feedKey) ?? {
        kind: r.kind,
        source: r.source,
        system: r.system ?? null,
        records: 0,
        refused: 0,
      };
      feed.records += 1;
      if (r.source !== authorityOf(r.kind)) feed.refused += 1;
      feeds.set(feedKey, feed);
      batch.push(r);
      if (batch.length >= options.batchSize) {
        const prepared = prepareBatch(batch, ctx); // while the previous batch is written
        batch = [];
        await inflight;
        if (failure !== undefined) break;
        send(prepared);
      }
    }
    await inflight;
    if (failure === undefined && batch.length > 0) {
      send(prepareBatch(batch, ctx));
      await inflight;
    }

    // derived state for whatever was committed, even when a later batch failed
    let derived: DeriveSummary | undefined;
    if (options.derive !== false && seedCount(seeds) > 0) {
      try {
        derived = await new DeriveService(this.executor).afterChanges(seeds);
      } catch (e) {
        failure ??= e;
      }
    }
    const status = failure === undefined ? 'COMPLETED' : 'FAILED';
    const error = failure === undefined ? undefined : (failure as Error).message;
    const summary: ImportSummary = {
      importId,
      file,
      fileHash,
      status,
      lines,
      ...totals,
      rejected,
      rejections,
      durationMs: Date.now() - began,
      ...(derived === undefined ? {} : { derived }),
      ...(error === undefined ? {} : { error }),
    };
    await this.executor
      .write('import:finish', (q) =>
        q.run('import/finish-import', {
          id: importId,
          status,
          finishedAt: instantFromDate(new Date()),
          lines,
          applied: totals.applied,
          unchanged: totals.unchanged,
          history: totals.history,
          rejected,
          violations: totals.violations,
          rejections: JSON.stringify(rejections),
          feeds: JSON.stringify([...feeds.values()]),
          error: error ?? null,
        }),
      )
      .catch(() => undefined); // the import's own failure is what the caller needs to see
    return summary;
  }
}

/** The file's sha256 and size; a file that cannot be read is the one error that stops an import. */
async function readable(file: string): Promise<{ fileHash: string; size: number }> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return { fileHash: hash.digest('hex'), size: info.size };
  } catch (e) {
    throw new ThreadgraphError('INVALID_INPUT', `cannot read ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
