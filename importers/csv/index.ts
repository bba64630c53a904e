/**
 * Site CSV exports mapped by a profile as an importer: `parseCsv` for the import jobs,
 * `loadProfile` to check a profile (every problem with its path) and hash it, `looksLikeCsv` for
 * detecting the format from a file's first bytes.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import { readCsv } from './read-csv';
import type { CsvOptions } from './read-csv';

export type { CsvOptions } from './read-csv';
export { loadProfile } from './load-profile';
export type { LoadedProfile } from './load-profile';
export type { Profile, ProfileProblem } from './profile-schema';
export { checkProfile, PROFILE_FORMAT } from './profile-schema';

export function parseCsv(path: string, options: CsvOptions): AsyncIterable<ParsedLine> {
  return readCsv(path, options);
}

/**
 * A `.csv`/`.txt`/`.tsv` file, or text whose first lines are delimited alike: the header line
 * and the next have the same number (≥ 2) of `;`, `,`, tab or `|` separated cells. JSON and XML
 * never look like that (they start with `{`, `[` or `<`).
 */
export function looksLikeCsv(head: string, fileName: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  const first = text.trimStart().charAt(0);
  if (first === '{' || first === '[' || first === '<') return false;
  if (/\.(csv|tsv)$/i.test(fileName)) return true;
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  const [a, b] = lines;
  if (a === undefined || b === undefined) return false;
  return [';', ',', '\t', '|'].some((d) => {
    const n = a.split(d).length;
    return n >= 2 && b.split(d).length === n;
  });
}
