/**
 * Wall-clock times in IANA time zones → UTC, for the importers whose sources write times without
 * an offset (CSV, B2MML, ReqIF, QIF, Catena-X): is a zone name known, and which instant(s) a local
 * time stands for. A local time the clocks skipped (daylight saving time began) or showed twice
 * (it ended) is reported as such, with the change, so each importer applies the rule its
 * MAPPING.md gives. Pure: no I/O; the zone rules are the runtime's (Intl).
 */
import { fromEpoch } from '../../src/domain/time';

/** True when `zone` is a time zone this runtime knows (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A local date and time as a source wrote it. Fields are not checked: an impossible value rolls
 * over as in Date (callers check them first). Years are astronomical (0 is 1 BC).
 */
export interface WallClock {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** the digits after the seconds' decimal point as written ('5' = 500 ms); past the ninth cut */
  readonly fraction?: string;
}

/** The wall clock a date and time were written with: year, month, day, hour, minute, second. */
export function wallClockOf(fields: readonly (string | undefined)[], fraction?: string): WallClock {
  const [year, month, day, hour, minute, second] = fields.map(Number);
  return {
    year: year ?? NaN,
    month: month ?? NaN,
    day: day ?? NaN,
    hour: hour ?? NaN,
    minute: minute ?? NaN,
    second: second ?? NaN,
    ...(fraction === undefined ? {} : { fraction }),
  };
}

/** A change of the zone's offset (the clocks were put forward or back). */
export interface ClockChange {
  /** the instant of the change, epoch milliseconds */
  readonly atMs: number;
  /** the offsets (wall clock − UTC, milliseconds) in force before and from the change */
  readonly offsetBeforeMs: number;
  readonly offsetAfterMs: number;
}

/** An instant a wall time stands for, with the offset that gives it. */
export interface Placed {
  /** epoch milliseconds (the fraction's first three digits included) */
  readonly utcMs: number;
  /** wall clock − UTC, milliseconds */
  readonly offsetMs: number;
}

/**
 * What a wall time is in a zone. `wallMs`: its fields read as if they were UTC (epoch ms).
 * - `exact`: it happened once.
 * - `ambiguous`: twice (the clocks went back): `earlier` at the offset before the change,
 *   `later` at the offset after it.
 * - `nonexistent`: never (the clocks went forward over it).
 * - `invalid`: the fields give no time (not numbers, or beyond what Date holds).
 */
export type ZoneTime =
  | ({ readonly kind: 'exact'; readonly wallMs: number } & Placed)
  | {
      readonly kind: 'ambiguous';
      readonly wallMs: number;
      readonly change: ClockChange;
      readonly earlier: Placed;
      readonly later: Placed;
    }
  | { readonly kind: 'nonexistent'; readonly wallMs: number; readonly change: ClockChange }
  | { readonly kind: 'invalid' };

const HOUR = 3_600_000;
/** Date's range, less the widest span looked at around a time */
const LIMIT_MS = 8.64e15 - 48 * HOUR;

/**
 * The instant(s) a wall-clock time in `zone` stands for. Throws a RangeError when `zone` is not
 * a time zone (check it with isTimeZone first).
 */
export function wallClockToUtc(wall: WallClock, zone: string): ZoneTime {
  const wallMs = wallMsOf(wall);
  if (!(Math.abs(wallMs) <= LIMIT_MS)) return { kind: 'invalid' };
  // the offsets in force 36 hours either side and at the time itself cover every offset (±15 h)
  // the zone can have there; each that holds at the instant it gives is a reading
  const found = new Map<number, number>();
  for (const probe of [wallMs - 36 * HOUR, wallMs, wallMs + 36 * HOUR]) {
    const offset = offsetAt(probe, zone);
    if (offsetAt(wallMs - offset, zone) === offset) found.set(wallMs - offset, offset);
  }
  const readings = [...found].sort(([a], [b]) => a - b);
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (first !== undefined && last !== undefined) {
    const [earlierMs, earlierOffset] = first;
    const [laterMs, laterOffset] = last;
    if (readings.length === 1)
      return { kind: 'exact', wallMs, utcMs: earlierMs, offsetMs: earlierOffset };
    return {
      kind: 'ambiguous',
      wallMs,
      change: {
        atMs: changeBetween(earlierMs, laterMs, zone),
        offsetBeforeMs: earlierOffset,
        offsetAfterMs: laterOffset,
      },
      earlier: { utcMs: earlierMs, offsetMs: earlierOffset },
      later: { utcMs: laterMs, offsetMs: laterOffset },
    };
  }
  // skipped: the offset at the time read as UTC and the one it leads to are the two sides
  const guess = offsetAt(wallMs, zone);
  const other = offsetAt(wallMs - guess, zone);
  const before = Math.min(guess, other);
  const after = Math.max(guess, other);
  return {
    kind: 'nonexistent',
    wallMs,
    change: {
      atMs: changeBetween(wallMs - after, wallMs - before, zone),
      offsetBeforeMs: before,
      offsetAfterMs: after,
    },
  };
}

/**
 * The offset (milliseconds) a local time is read with where the file cannot say more, the way
 * ISO 8601 tools and JavaScript's Temporal ("compatible") do: a time that happened once, at its
 * offset; a time that happened twice (the clocks went back), its first occurrence (the offset
 * before the change); a time that never happened (the clocks went forward over it), moved
 * forward by the gap (read with the offset before the change: Berlin 02:30 on the spring-forward
 * night is 03:30 CEST). The B2MML, ReqIF and QIF importers read zoneless times so.
 */
export function compatibleOffset(time: Exclude<ZoneTime, { kind: 'invalid' }>): number {
  return time.kind === 'exact' ? time.offsetMs : time.change.offsetBeforeMs;
}

/**
 * The normalised instant (nine fractional digits: `fraction`'s, not the milliseconds of `utcMs`),
 * or undefined when it falls outside the years 0001–9999.
 */
export function instantOf(utcMs: number, fraction = ''): string | undefined {
  try {
    return fromEpoch(utcMs, fraction.slice(0, 9).padEnd(9, '0'));
  } catch {
    return undefined;
  }
}

/** Epoch ms of the fields read as UTC (not Date.UTC, which reads years 0–99 as 19xx). */
function wallMsOf(w: WallClock): number {
  const millis = Number((w.fraction ?? '').slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day);
  date.setUTCHours(w.hour, w.minute, w.second, millis);
  return date.getTime();
}

/** The first whole second after `lo` (offset A) up to `hi` (another offset) where A no longer holds. */
function changeBetween(lo: number, hi: number, zone: string): number {
  const before = offsetAt(lo, zone);
  let a = Math.floor(lo / 1000);
  let b = Math.floor(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * 1000, zone) === before) a = mid;
    else b = mid;
  }
  return b * 1000;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(zone, f);
  }
  return f;
}

/**
 * Offsets by zone at quarter-hour boundaries: today's zones change their offset only on a quarter
 * hour, so where both ends of a quarter hour agree the offset holds throughout it (a quarter hour
 * with a change, such as an old switch from local mean time, is computed to the second). Bounded:
 * a zone's entries are cleared when they grow past 200 000.
 */
const offsets = new Map<string, Map<number, number>>();
const QUARTER = 15 * 60_000;

/** The zone's offset from UTC at an instant, in milliseconds (wall clock − UTC). */
function offsetAt(utcMs: number, zone: string): number {
  const q = Math.floor(utcMs / QUARTER);
  const start = quarterOffset(q, zone);
  return start === quarterOffset(q + 1, zone) ? start : computeOffset(utcMs, zone);
}

function quarterOffset(q: number, zone: string): number {
  let byQuarter = offsets.get(zone);
  if (byQuarter === undefined) {
    byQuarter = new Map();
    offsets.set(zone, byQuarter);
  }
  let offset = byQuarter.get(q);
  if (offset === undefined) {
    offset = computeOffset(q * QUARTER, zone);
    if (byQuarter.size > 200_000) byQuarter.clear();
    byQuarter.set(q, offset);
  }
  return offset;
}

function computeOffset(utcMs: number, zone: string): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const era = parts.find((p) => p.type === 'era')?.value ?? 'AD';
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const wall = wallMsOf({
    year,
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  });
  return wall - Math.floor(utcMs / 1000) * 1000;
}
