/**
 * Streams a text file line by line from a byte offset, saying where each line ends: an import
 * can stop after any line and resume exactly there. Bytes are decoded strictly as UTF-8 — a line
 * that is not valid UTF-8 is reported, never silently "repaired" with U+FFFD — and a line longer
 * than the limit is reported and skipped without being held in memory.
 */
import { createReadStream } from 'node:fs';

export interface LineLimits {
  /** a longer line is rejected (and read past without being kept) */
  readonly maxLineBytes: number;
}

export const DEFAULT_LINE_LIMITS: LineLimits = { maxLineBytes: 16 * 1024 * 1024 };

export interface ReadFrom {
  /** byte offset to start at: 0, or the `end` of a line read before */
  readonly offset: number;
  /** the number of the line before `offset` (0 at the start of the file) */
  readonly line: number;
}

export type FileLine =
  | { readonly line: number; readonly end: number; readonly text: string }
  | { readonly line: number; readonly end: number; readonly problem: string };

const NEWLINE = 0x0a;
const CR = 0x0d;

export async function* readLines(
  path: string,
  from: ReadFrom = { offset: 0, line: 0 },
  limits: LineLimits = DEFAULT_LINE_LIMITS,
): AsyncGenerator<FileLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = from.line;
  let offset = from.offset; // where the pending bytes begin
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;

  const finish = (end: number, last: Buffer | undefined): FileLine => {
    line += 1;
    const lineStart = offset;
    offset = end;
    if (overlong) {
      const length = end - lineStart;
      overlong = false;
      pending = [];
      pendingBytes = 0;
      return {
        line,
        end,
        problem: `the line is ${length} bytes long; at most ${limits.maxLineBytes} are read`,
      };
    }
    const parts = last === undefined ? pending : [...pending, last];
    let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    pending = [];
    pendingBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    if (lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3); // a byte-order mark at the start of the file
    }
    try {
      return { line, end, text: decoder.decode(bytes) };
    } catch {
      return { line, end, problem: `not valid UTF-8 (${firstInvalidUtf8(bytes)})` };
    }
  };

  const stream = createReadStream(path, { start: from.offset, highWaterMark: 1 << 20 });
  let chunkStart = from.offset;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, at);
      if (nl === -1) break;
      const piece = chunk.subarray(at, nl);
      if (!overlong && pendingBytes + piece.length > limits.maxLineBytes) overlong = true;
      yield finish(chunkStart + nl + 1, overlong ? undefined : piece);
      at = nl + 1;
    }
    const rest = chunk.subarray(at);
    if (!overlong && pendingBytes + rest.length > limits.maxLineBytes) {
      overlong = true;
      pending = [];
    }
    if (!overlong && rest.length > 0) {
      // copy: the stream may reuse the chunk's memory
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
    chunkStart += chunk.length;
  }
  if (overlong || pendingBytes > 0) yield finish(chunkStart, undefined);
}

/** Where the first byte sequence that is not UTF-8 sits, for the rejection message. */
function firstInvalidUtf8(bytes: Uint8Array): string {
  const at = invalidUtf8At(bytes);
  const shown = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0'));
  return `bytes ${shown.join(' ')} at byte ${at + 1} of the line`;
}

/** The index of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
export function invalidUtf8At(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // the sequence's length and the range its second byte must lie in (no overlongs, no
    // surrogates, nothing past U+10FFFF)
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k < length; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
