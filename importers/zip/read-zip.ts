/**
 * A zip archive read safely: the central directory is checked against limits before anything is
 * unpacked, each entry is streamed from the archive (never extracted to disk), and an entry that
 * unpacks to more than it declared, or turns out to be an archive itself, stops with an error
 * naming the archive and the entry. Refusals are data: the caller reports them and reads on.
 */
import { basename } from 'node:path';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { DEFAULT_ZIP_LIMITS, entryName, entryProblem, looksLikeArchive } from './zip-entry-checks';
import type { ZipLimits } from './zip-entry-checks';

export interface ZipEntry {
  /** the name as stored in the archive */
  readonly name: string;
  /** uncompressed size as declared */
  readonly size: number;
  readonly compressedSize: number;
  readonly directory: boolean;
  /** why it is not read, when it is refused */
  readonly refused?: string;
}

export interface ZipArchive {
  /** the archive's file name, for messages */
  readonly name: string;
  readonly entries: readonly ZipEntry[];
  /** streams an entry's bytes; may be called again (a second pass). Throws ZipEntryError. */
  read(entry: ZipEntry): AsyncIterable<Buffer>;
  close(): void;
}

/** An entry that could not be read to its end: names the archive and the entry. */
export class ZipEntryError extends Error {
  constructor(
    readonly archive: string,
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`archive ${archive}, entry "${entry}": ${reason}`);
  }
}

export type OpenedZip = { readonly archive: ZipArchive } | { readonly refused: string };

export async function openZip(
  path: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<OpenedZip> {
  const name = basename(path);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    return { refused: `archive ${name}: not a readable zip archive (${(e as Error).message})` };
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return {
      refused: `archive ${name}: holds ${zip.entryCount} entries; at most ${limits.maxEntries} are read`,
    };
  }
  let raw: Entry[];
  try {
    raw = await listEntries(zip);
  } catch (e) {
    zip.close();
    return { refused: `archive ${name}: its directory cannot be read (${(e as Error).message})` };
  }
  const total = raw.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxTotalBytes) {
    zip.close();
    return {
      refused: `archive ${name}: unpacks to ${total} bytes; at most ${limits.maxTotalBytes} are read`,
    };
  }
  const byEntry = new Map<ZipEntry, Entry>();
  const entries = raw.map((e) => {
    const entryNameText = entryName(e);
    const refused = entryProblem(e, limits);
    const entry: ZipEntry = {
      name: entryNameText,
      size: e.uncompressedSize,
      compressedSize: e.compressedSize,
      directory: entryNameText.endsWith('/'),
      ...(refused === undefined ? {} : { refused }),
    };
    byEntry.set(entry, e);
    return entry;
  });
  return {
    archive: {
      name,
      entries,
      read: (entry) => readEntry(zip, name, entry, byEntry.get(entry)),
      close: () => zip.close(),
    },
  };
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function* readEntry(
  zip: ZipFile,
  archive: string,
  entry: ZipEntry,
  raw: Entry | undefined,
): AsyncGenerator<Buffer> {
  const fail = (reason: string) => new ZipEntryError(archive, entry.name, reason);
  if (!raw) throw fail('is not an entry of this archive');
  if (entry.refused !== undefined) throw fail(entry.refused);
  let stream: AsyncIterable<Buffer> & { destroy(): void };
  try {
    stream = await zip.openReadStreamPromise(raw);
  } catch (e) {
    throw fail((e as Error).message);
  }
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      if (bytes === 0 && looksLikeArchive(chunk)) {
        throw fail('is an archive inside the archive (not opened)');
      }
      bytes += chunk.length;
      // yauzl checks this too; counting here keeps the bound whatever the stream does
      if (bytes > entry.size)
        throw fail(`unpacks to more than the ${entry.size} bytes it declares`);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof ZipEntryError) throw e;
    throw fail((e as Error).message);
  } finally {
    stream.destroy();
  }
}
