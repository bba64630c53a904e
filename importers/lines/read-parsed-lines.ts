/**
 * A line-per-record format read as records: each line of the file (see read-lines.ts) given to
 * the format's parser, a line that is not text rejected as such, every rejection carrying the
 * start of its line for the people who will look for it.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { SourceLine } from '../source-line';
import type { LineLimits, ReadFrom } from './read-lines';
import { DEFAULT_LINE_LIMITS, readLines } from './read-lines';

/** The format's parser: undefined for a blank line (neither a record nor an error). */
export type ParseLine = (text: string, line: number) => ParsedLine | undefined;

export async function* readParsedLines(
  path: string,
  parse: ParseLine,
  from: ReadFrom = { offset: 0, line: 0 },
  limits: LineLimits = DEFAULT_LINE_LIMITS,
): AsyncGenerator<SourceLine> {
  for await (const l of readLines(path, from, limits)) {
    if ('problem' in l) {
      yield {
        line: l.line,
        end: l.end,
        parsed: { ok: false, rejection: { line: l.line, reason: l.problem } },
      };
      continue;
    }
    const parsed = parse(l.text, l.line);
    yield {
      line: l.line,
      end: l.end,
      parsed:
        parsed === undefined || parsed.ok
          ? parsed
          : { ok: false, rejection: { ...parsed.rejection, excerpt: lineExcerpt(l.text) } },
    };
  }
}

/** The start of a rejected line, for the list of rejected lines people download. */
export function lineExcerpt(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
