/**
 * What a zip archive may hold before threadgraph reads any of it: the limits (entry count, total
 * and per-entry size, compression ratio) and the checks on one entry's central-directory record
 * (its name, encryption, compression method, nested archives). Pure: no file access here.
 */
import iconv from 'iconv-lite';

export interface ZipLimits {
  /** entries in the central directory; past it the whole archive is refused */
  readonly maxEntries: number;
  /** uncompressed bytes of all entries together, as declared; past it the archive is refused */
  readonly maxTotalBytes: number;
  /** uncompressed bytes of one entry */
  readonly maxEntryBytes: number;
  /** uncompressed / compressed size of one entry larger than ratioFloorBytes (zip bombs) */
  readonly maxRatio: number;
  /** entries smaller than this are not held to maxRatio (a small file of spaces is harmless) */
  readonly ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 8 * 1024 ** 3,
  maxEntryBytes: 8 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** An entry's central-directory record, as far as the checks need it. */
export interface EntryRecord {
  readonly fileNameRaw: Buffer;
  readonly generalPurposeBitFlag: number;
  readonly compressionMethod: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly extraFields: readonly { readonly id: number; readonly data: Buffer }[];
}

/** Names of archives: an archive inside the archive is not opened. */
const NESTED_ARCHIVE = /\.(zip|reqifz|jar|war|ear|gz|tgz|bz2|xz|zst|7z|rar|tar|cab|z)$/i;

/** The entry's name as the archive spells it: UTF-8 when flagged, else code page 437. */
export function entryName(entry: EntryRecord): string {
  return (entry.generalPurposeBitFlag & 0x800) !== 0
    ? entry.fileNameRaw.toString('utf8')
    : iconv.decode(entry.fileNameRaw, 'cp437');
}

/** The Info-ZIP Unicode Path extra field (0x7075), when the entry carries one. */
function unicodePath(entry: EntryRecord): string | undefined {
  const field = entry.extraFields.find((f) => f.id === 0x7075);
  if (!field || field.data.length < 6 || field.data[0] !== 1) return undefined;
  return field.data.subarray(5).toString('utf8');
}

/** Why a name must not be used: a traversal, an absolute path, a backslash, a NUL. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'has an empty name';
  if (name.includes('\0')) return 'has a NUL character in its name';
  if (name.includes('\\')) return 'has a backslash in its name (a Windows path: refused)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').includes('..')) return 'has ".." in its path (path traversal)';
  return undefined;
}

/** Why the entry is refused, or undefined when it may be read. */
export function entryProblem(entry: EntryRecord, limits: ZipLimits): string | undefined {
  for (const name of [entryName(entry), unicodePath(entry)]) {
    const problem = name === undefined ? undefined : nameProblem(name);
    if (problem) return problem;
  }
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return 'is encrypted';
  if (NESTED_ARCHIVE.test(entryName(entry))) return 'is an archive inside the archive (not opened)';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `uses compression method ${entry.compressionMethod} (only stored and deflate are read)`;
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    return `unpacks to ${entry.uncompressedSize} bytes; at most ${limits.maxEntryBytes} are read`;
  }
  if (entry.uncompressedSize >= limits.ratioFloorBytes) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (ratio > limits.maxRatio) {
      return `compresses ${Math.round(ratio)}:1, more than ${limits.maxRatio}:1 (a zip bomb?)`;
    }
  }
  return undefined;
}

/** The first bytes of an archive format: an entry starting with them is a nested archive. */
export function looksLikeArchive(head: Buffer): boolean {
  const magic = [
    [0x50, 0x4b, 0x03, 0x04], // zip
    [0x1f, 0x8b], // gzip
    [0x37, 0x7a, 0xbc, 0xaf], // 7z
    [0x52, 0x61, 0x72, 0x21], // rar
  ];
  return magic.some((m) => m.length <= head.length && m.every((b, i) => head[i] === b));
}
