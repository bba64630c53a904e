/** Streams a file of CloudEvents, one structured event (JSON) a line, as canonical records. */
import type { ParsedLine } from '../../src/domain/canonical';
import { clip } from '../../src/domain/excerpt';
import type { ReadFrom } from '../lines/read-lines';
import { readParsedLines } from '../lines/read-parsed-lines';
import type { SourceLine } from '../source-line';
import { eventToRecord } from './to-record';

export function readCloudEvents(path: string, from?: ReadFrom): AsyncGenerator<SourceLine> {
  return readParsedLines(path, parseEventLine, from);
}

function parseEventLine(text: string, line: number): ParsedLine | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      rejection: { line, reason: `not valid JSON: ${clip((e as Error).message)}` },
    };
  }
  return eventToRecord(value, line, text);
}
