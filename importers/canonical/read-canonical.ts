/** Streams a canonical JSON Lines file: one parsed line (record or rejection) at a time. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ParsedLine } from './parse-line';
import { parseCanonicalLine } from './parse-line';

export async function* readCanonical(path: string): AsyncGenerator<ParsedLine> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const parsed = parseCanonicalLine(line === 1 ? text.replace(/^\uFEFF/, '') : text, line);
    if (parsed !== undefined) yield parsed;
  }
}
