/**
 * A format that is not one record a line (XML, a JSON document, a zip of documents) as an
 * importer: the parser yields records and refusals in a deterministic order, and each is
 * numbered. The number stands where a line format keeps its byte offset, so an interrupted import
 * resumes after the last record it committed: the file is parsed again from its start and what
 * was committed before is passed over (replay is cheap next to writing; nothing is applied twice).
 * Refusals keep the file's own line numbers for the people who look for them.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { ReadFrom } from '../lines/read-lines';
import type { ReadRecords, SourceLine } from '../source-line';

export type ParseFile = (path: string) => AsyncIterable<ParsedLine>;

export function readStructured(parse: ParseFile): ReadRecords {
  return async function* read(path: string, from: ReadFrom): AsyncGenerator<SourceLine> {
    let n = 0;
    for await (const parsed of parse(path)) {
      n += 1;
      if (n <= from.offset) continue;
      yield { line: n, end: n, parsed };
    }
  };
}
