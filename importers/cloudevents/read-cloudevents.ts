/** Streams a file of CloudEvents, one structured event (JSON) a line, as canonical records. */
import type { SourceLine } from '../source-line';
import { lineExcerpt } from '../canonical/read-canonical';
import type { LineLimits, ReadFrom } from '../lines/read-lines';
import { DEFAULT_LINE_LIMITS, readLines } from '../lines/read-lines';
import { clip } from '../../src/domain/excerpt';
import { eventToRecord } from './to-record';

export async function* readCloudEvents(
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
    if (l.text.trim() === '') {
      yield { line: l.line, end: l.end, parsed: undefined };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (e) {
      yield {
        line: l.line,
        end: l.end,
        parsed: {
          ok: false,
          rejection: {
            line: l.line,
            reason: `not valid JSON: ${clip((e as Error).message)}`,
            excerpt: lineExcerpt(l.text),
          },
        },
      };
      continue;
    }
    const parsed = eventToRecord(value, l.line, l.text);
    yield {
      line: l.line,
      end: l.end,
      parsed: parsed.ok
        ? parsed
        : { ok: false, rejection: { ...parsed.rejection, excerpt: lineExcerpt(l.text) } },
    };
  }
}
