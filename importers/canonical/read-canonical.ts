/** Streams a canonical JSON Lines file: one parsed line (record or rejection) at a time. */
import type { ReadFrom } from '../lines/read-lines';
import { readParsedLines } from '../lines/read-parsed-lines';
import type { SourceLine } from '../source-line';
import { parseCanonicalLine } from './parse-line';

export function readCanonical(path: string, from?: ReadFrom): AsyncGenerator<SourceLine> {
  return readParsedLines(path, parseCanonicalLine, from);
}
