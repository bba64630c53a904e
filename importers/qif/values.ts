/**
 * Reading QIF's simple values: decimal numbers (xs:double as sent, finite only), QPIds (GUIDs,
 * compared case-insensitively), the trimmed text of a child element, and times (xs:dateTime,
 * with a zone or naive; a naive time is read in the time zone the import names).
 */
import { readInstant } from '../../src/domain/time';
import { instantOf, compatibleOffset, wallClockOf, wallClockToUtc } from '../shared/zone-time';
import type { XmlNode } from '../xml/read-xml';
import { childOf, textOf } from '../xml/read-xml';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number written as a decimal (xs:double's INF, NaN and blanks are not numbers). */
export function readNumber(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A QPId as compared and keyed: trimmed and lower-cased (the samples mix cases). */
export function qpid(text: string | undefined): string | undefined {
  const t = text?.trim().toLowerCase();
  return t === undefined || t === '' ? undefined : own(t);
}

/** The trimmed text of a child (or a path of children), undefined when absent or blank. */
export function childText(node: XmlNode, ...names: string[]): string | undefined {
  let at: XmlNode | undefined = node;
  for (const name of names) {
    at = at === undefined ? undefined : childOf(at, name);
  }
  if (at === undefined) return undefined;
  const t = textOf(at).trim();
  return t === '' ? undefined : own(t);
}

/**
 * A copy of a text that holds nothing else alive. V8 may keep a piece of text (trimmed, or
 * lower-cased with nothing to change) as a slice of the parser's whole 64 KB chunk: held in the
 * first pass's joins, thousands of such slices would hold the file in memory.
 */
export function own(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9})\d*)?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * An xs:dateTime (or xs:date) → a normalised instant. With a zone it is taken as sent; without
 * one (all the public samples) it is a wall-clock time in `timeZone` (an IANA name, or UTC).
 * Returns a reason when the text is not such a time.
 */
export function readQifTime(text: string, timeZone: string): string | { invalid: string } {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return { invalid: `${JSON.stringify(text)} is not an xs:dateTime` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === '' ? '' : '.' + frac}`;
  if (zone !== undefined) {
    const r = readInstant(wall + zone);
    return typeof r === 'string' ? r : { invalid: `${JSON.stringify(text)} is not a valid time` };
  }
  const utc = readInstant(wall + 'Z');
  if (typeof utc !== 'string') return { invalid: `${JSON.stringify(text)} is not a valid time` };
  if (timeZone === 'UTC') return utc;
  const time = wallClockToUtc(wallClockOf([y, mo, d, h, mi, s], frac), timeZone);
  // at a DST change: the offset at the wall time read as UTC, corrected once
  const instant =
    time.kind === 'invalid' ? undefined : instantOf(time.wallMs - compatibleOffset(time), frac);
  return instant ?? { invalid: `${JSON.stringify(text)} falls outside years 0001–9999` };
}
