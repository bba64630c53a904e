/**
 * Instants. Every time in the model is held as a normalised UTC string with nine fractional
 * digits ("2026-01-10T08:00:00.000000000Z"), so that string order is time order and no
 * precision a source sent (OPC UA sends 100 ns ticks) is lost on the way.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years an instant may fall in, once converted to UTC (what ISO-8601 and Neo4j both hold). */
export const FIRST_YEAR = 1;
export const LAST_YEAR = 9999;

/** Parses ISO-8601 with a zone; returns the normalised instant, or undefined when invalid. */
export function parseInstant(text: string): string | undefined {
  const parsed = readInstant(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

/**
 * Like parseInstant, but says why a text is not an instant: 'format' (not ISO-8601 with a zone,
 * or no such day or time) or 'range' (a real time that falls outside years 0001–9999 in UTC).
 */
export function readInstant(text: string): string | { readonly invalid: 'format' | 'range' } {
  const m = ISO_INSTANT.exec(text);
  if (!m) return { invalid: 'format' };
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { invalid: 'format' };
  }
  if (hour > 23 || minute > 59 || second > 59) return { invalid: 'format' };
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return { invalid: 'format' };
    offsetMinutes = sign * (oh * 60 + om);
  }
  // plain arithmetic, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999
  const utcSeconds =
    daysFromCivil(year, month, day) * 86_400 +
    hour * 3600 +
    minute * 60 +
    second -
    offsetMinutes * 60;
  if (utcSeconds < MIN_SECONDS || utcSeconds > MAX_SECONDS) return { invalid: 'range' };
  return fromEpoch(utcSeconds * 1000, frac.padEnd(9, '0'));
}

/** Builds a normalised instant from UTC epoch milliseconds (whole seconds are taken from it). */
export function fromEpoch(utcMs: number, nanosOfSecond = '000000000'): string {
  const date = new Date(Math.floor(utcMs / 1000) * 1000);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${utcMs}`);
  const year = date.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`year out of range: ${year}`);
  return `${date.toISOString().slice(0, 19)}.${nanosOfSecond}Z`;
}

export function instantFromDate(date: Date): string {
  const ms = date.getTime();
  return fromEpoch(ms, String(((ms % 1000) + 1000) % 1000).padStart(3, '0') + '000000');
}

/** The instant as people read it: UTC, fractional digits only as far as they carry a value. */
export function formatInstant(instant: string): string {
  const fraction = instant.slice(20, 29).replace(/0+$/, '');
  return `${instant.slice(0, 19)}${fraction ? '.' + fraction : ''}Z`;
}

export function isDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** Milliseconds since the epoch (sub-millisecond digits dropped): for arithmetic, not order. */
export function epochMs(instant: string): number {
  return Date.parse(instant.slice(0, 23) + 'Z');
}

/** The calendar date of an instant in an IANA time zone (UTC when the zone is unknown). */
export function localDate(instant: string, timeZone: string | undefined): string {
  const date = new Date(epochMs(instant));
  const format = timeZone === undefined ? undefined : dayFormat(timeZone);
  // an unknown zone name falls through to UTC; the site record is where to fix it
  return format ? format.format(date) : date.toISOString().slice(0, 10);
}

/** One formatter per zone (building one costs more than using it); null: not a zone name. */
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat | null>();

function dayFormat(timeZone: string): Intl.DateTimeFormat | null {
  let format = DAY_FORMATS.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      format = null;
    }
    DAY_FORMATS.set(timeZone, format);
  }
  return format;
}

export function minInstant(values: Iterable<string | undefined>): string | undefined {
  let min: string | undefined;
  for (const v of values) if (v !== undefined && (min === undefined || v < min)) min = v;
  return min;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const MIN_SECONDS = daysFromCivil(FIRST_YEAR, 1, 1) * 86_400;
const MAX_SECONDS = daysFromCivil(LAST_YEAR, 12, 31) * 86_400 + 86_399;
