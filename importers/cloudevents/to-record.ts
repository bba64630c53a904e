/**
 * A checked CloudEvent → a canonical record (MAPPING.md): the type names the kind
 * (io.threadgraph.record.v1.<Kind>), `time` is recordedAt, `recordsource` the source class, the
 * event's `source` the system, `recordsite` the site, and the data (JSON) the record's data.
 * The canonical importer's rules then apply unchanged; (source, id) is the idempotency key.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import { parseCanonicalLine } from '../canonical/parse-line';
import type { CloudEvent } from './envelope';
import { checkEnvelope } from './envelope';

export const TYPE_PREFIX = 'io.threadgraph.record.v1.';

/** The idempotency key of an event: its source and id. */
export function eventKey(event: { readonly source: string; readonly id: string }): string {
  return JSON.stringify([event.source, event.id]);
}

/** One event (already parsed JSON) at a line or batch position → a record or the reason not. */
export function eventToRecord(value: unknown, line: number, raw: string): ParsedLine {
  const checked = checkEnvelope(value);
  if (!checked.ok) return refuse(line, checked.attribute, checked.reason);
  const e = checked.event;
  if (!e.type.startsWith(TYPE_PREFIX)) {
    return refuse(
      line,
      'type',
      `${JSON.stringify(e.type.slice(0, 80))} is not a record type: threadgraph takes ${TYPE_PREFIX}<Kind>`,
    );
  }
  if (e.time === undefined)
    return refuse(
      line,
      'time',
      'is required: it is when the record was recorded, which orders its versions',
    );
  const data = dataOf(e);
  if (typeof data === 'string') return refuse(line, 'data', data);
  const recordSource = e.extensions.recordsource;
  if (recordSource === undefined) {
    return refuse(
      line,
      'recordsource',
      'is required: the class of system the record comes from (ALM, PLM, ERP, MES, QMS, OT, MRO)',
    );
  }
  const site = e.extensions.recordsite;
  const canonical = JSON.stringify({
    kind: e.type.slice(TYPE_PREFIX.length),
    source: recordSource,
    system: e.source,
    ...(site === undefined ? {} : { site }),
    recordedAt: e.time,
    data,
  });
  const parsed = parseCanonicalLine(canonical, line);
  if (parsed === undefined) return refuse(line, undefined, 'an empty event');
  if (!parsed.ok) {
    const field = parsed.rejection.field;
    // name the event's attribute, not the canonical envelope the event was mapped to
    const attribute =
      field === 'kind'
        ? 'type'
        : field === 'source'
          ? 'recordsource'
          : field === 'system'
            ? 'source'
            : field === 'site'
              ? 'recordsite'
              : field === 'recordedAt'
                ? 'time'
                : field;
    return refuse(line, attribute, parsed.rejection.reason);
  }
  return { ok: true, record: { ...parsed.record, original: raw, eventKey: eventKey(e) } };
}

/** The event's data as a JSON object, or why it is not one. */
function dataOf(e: CloudEvent): Record<string, unknown> | string {
  const type = e.datacontenttype?.split(';')[0]?.trim().toLowerCase();
  if (type !== undefined && type !== 'application/json' && !type.endsWith('+json')) {
    return `datacontenttype ${e.datacontenttype} is not JSON: a record's data is a JSON object`;
  }
  let data = e.data;
  if (e.data_base64 !== undefined) {
    try {
      data = JSON.parse(Buffer.from(e.data_base64, 'base64').toString('utf8'));
    } catch {
      return 'data_base64 does not hold JSON';
    }
  }
  if (typeof data === 'string' && e.datacontenttype !== undefined) {
    try {
      data = JSON.parse(data); // JSON sent as a string with a JSON content type
    } catch {
      return 'is a string that is not JSON';
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return 'must be a JSON object: the canonical data of the record';
  }
  return data as Record<string, unknown>;
}

function refuse(line: number, field: string | undefined, reason: string): ParsedLine {
  return {
    ok: false,
    rejection: field === undefined ? { line, reason } : { line, field, reason },
  };
}
