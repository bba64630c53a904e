/**
 * ReqIF times (xs:dateTime) → canonical instants. A time with a zone is passed on as written; a
 * time without one (DOORS 9 writes `2021-05-11T07:06:15`) is read in the zone the import names
 * (`timezone` option: an IANA zone or a fixed offset), and refused when none is named: guessing
 * would shift the record's history by hours.
 */
import { isTimeZone, compatibleOffset, wallClockOf, wallClockToUtc } from '../shared/zone-time';
import type { WallClock } from '../shared/zone-time';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Why a timezone option cannot be used, or undefined. */
export function checkTimeZone(zone: string): string | undefined {
  if (zone === 'Z' || zone === 'UTC' || FIXED_OFFSET.test(zone) || isTimeZone(zone)) {
    return undefined;
  }
  return `timezone ${JSON.stringify(zone)} is neither an IANA time zone (Europe/Berlin) nor an offset (+01:00)`;
}

export type ReqifTime = { readonly time: string } | { readonly problem: string };

/** The time with its zone, ready for the canonical validator (which checks the rest). */
export function reqifTime(text: string, timezone: string | undefined): ReqifTime {
  const value = text.trim();
  const m = DATE_TIME.exec(value);
  if (!m) return { time: value }; // not a dateTime: the canonical validator says why
  if (m[8] !== undefined) return { time: value };
  if (timezone === undefined) {
    return {
      problem: `the time ${value} has no time zone: name the zone its tool wrote it in with the timezone option (e.g. timezone=Europe/Berlin)`,
    };
  }
  const [, y, mo, d, h, mi, s = '00', frac = ''] = m;
  const offset = offsetOf(wallClockOf([y, mo, d, h, mi, s]), timezone);
  if (offset === undefined) return { time: value }; // beyond Date: the validator refuses it
  return { time: `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${formatOffset(offset)}` };
}

/**
 * Offset in minutes of the zone at a local wall-clock time; at a DST change, read as
 * compatibleOffset says (a repeated time is its first occurrence, a skipped one moves forward).
 */
function offsetOf(wall: WallClock, zone: string): number | undefined {
  if (zone === 'Z' || zone === 'UTC') return 0;
  const fixed = FIXED_OFFSET.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const time = wallClockToUtc(wall, zone);
  return time.kind === 'invalid' ? undefined : Math.round(compatibleOffset(time) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
