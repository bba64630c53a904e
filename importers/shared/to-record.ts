/**
 * A record a format's parser has mapped (kind, source class, system, site, when it was recorded
 * and its canonical data) → a validated canonical record, or the reason it is refused. Every
 * format ends here, so the canonical model's rules apply to all of them unchanged.
 */
import type { ParsedLine, Source } from '../../src/domain/canonical';
import { parseCanonicalLine } from '../canonical/parse-line';

export interface Mapped {
  readonly kind: string;
  readonly source: Source;
  /** the sending system (a tool, an MES instance), where the file says */
  readonly system?: string;
  readonly site?: string;
  /** when the record was recorded in its system: orders its versions */
  readonly recordedAt: string;
  /** canonical fields; undefined values are left out */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Origin {
  /** 1-based line of the file where the record's element (or row) starts */
  readonly line: number;
  /** the element path (`/REQ-IF/CORE-CONTENT/…/SPEC-OBJECT[3]`) or column the record came from */
  readonly path?: string;
  /** the element or row as received (ALCOA+: original), kept beside the canonical record */
  readonly original?: string;
  /** maps a canonical field (`data.value`) to the element, attribute or column it was read from */
  readonly fieldName?: (canonicalField: string) => string;
}

export function toRecord(mapped: Mapped, origin: Origin): ParsedLine {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mapped.data)) if (v !== undefined) data[k] = v;
  const text = JSON.stringify({
    kind: mapped.kind,
    source: mapped.source,
    ...(mapped.system === undefined ? {} : { system: mapped.system }),
    ...(mapped.site === undefined ? {} : { site: mapped.site }),
    recordedAt: mapped.recordedAt,
    data,
  });
  const parsed = parseCanonicalLine(text, origin.line);
  if (parsed === undefined) return refuse(origin, undefined, 'an empty record');
  if (!parsed.ok) {
    const f = parsed.rejection.field;
    return refuse(
      origin,
      f === undefined ? undefined : (origin.fieldName?.(f) ?? f),
      `${mapped.kind}: ${parsed.rejection.reason}`,
    );
  }
  return {
    ok: true,
    record: {
      ...parsed.record,
      ...(origin.original === undefined ? {} : { original: origin.original }),
    },
  };
}

/** A refusal at a place in the file: the line, and the element path or column with the field. */
export function refuse(origin: Origin, field: string | undefined, reason: string): ParsedLine {
  const where = [origin.path, field].filter((x) => x !== undefined && x !== '').join(' ');
  return {
    ok: false,
    rejection: {
      line: origin.line,
      ...(where === '' ? {} : { field: where }),
      reason,
      ...(origin.original === undefined ? {} : { excerpt: origin.original.slice(0, 200) }),
    },
  };
}
