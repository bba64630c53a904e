/** Streams a canonical JSON Lines file: one parsed line (record or rejection) at a time. */
import type { SourceLine } from '../source-line';
import type { LineLimits, ReadFrom } from '../lines/read-lines';
import { DEFAULT_LINE_LIMITS, readLines } from '../lines/read-lines';
import { parseCanonicalLine } from './parse-line';

export async function* readCanonical(
  path: string,
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
    const parsed = parseCanonicalLine(l.text, l.line);
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
