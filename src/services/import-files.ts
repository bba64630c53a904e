/**
 * The inputs of imports: which reader reads which format, and the facts about a file an import
 * records (its sha256, size and lines), read in one pass.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { readCanonical } from '../../importers/canonical/read-canonical';
import { readCloudEvents } from '../../importers/cloudevents/read-cloudevents';
import type { ReadRecords } from '../../importers/source-line';
import { ThreadgraphError } from '../domain/errors';

export const IMPORT_FORMATS = ['canonical', 'cloudevents'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: unknown): value is ImportFormat {
  return typeof value === 'string' && (IMPORT_FORMATS as readonly string[]).includes(value);
}

const READERS: Record<ImportFormat, ReadRecords> = {
  canonical: (path, from) => readCanonical(path, from),
  cloudevents: (path, from) => readCloudEvents(path, from),
};

export function readerOf(format: ImportFormat): ReadRecords {
  return READERS[format];
}

export interface FileFacts {
  readonly sha256: string;
  readonly size: number;
  /** lines in the file (a last line without a newline counts) */
  readonly lines: number;
}

/** Reads the file once; a file that cannot be read is the one error that stops an import. */
export async function fileFacts(file: string): Promise<FileFacts> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const hash = createHash('sha256');
    let lines = 0;
    let last = -1;
    for await (const chunk of createReadStream(file, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
      if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
    }
    if (last !== -1 && last !== 10) lines += 1;
    return { sha256: hash.digest('hex'), size: info.size, lines };
  } catch (e) {
    throw new ThreadgraphError('INVALID_INPUT', `cannot read ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
