/**
 * What every importer yields, one line (or element) of its source at a time: where it is, where
 * it ends (the byte offset an import resumes from), and the record it holds or why it is refused.
 */
import type { ParsedLine } from '../src/domain/canonical';
import type { ReadFrom } from './lines/read-lines';

export interface SourceLine {
  /** 1-based line number */
  readonly line: number;
  /** byte offset just past this line */
  readonly end: number;
  /** undefined for a blank line: neither a record nor an error */
  readonly parsed: ParsedLine | undefined;
}

/** An importer: a file from a resume point to records and rejections. Pure: no database. */
export type ReadRecords = (path: string, from: ReadFrom) => AsyncGenerator<SourceLine>;
