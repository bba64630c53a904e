/**
 * The facts about a file an import records (its sha256, size and lines), read in one pass.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ThreadgraphError } from '../domain/errors';

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
