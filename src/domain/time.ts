/**
 * Instants. Every time in the model is held as a normalised UTC string with nine fractional
 * digits ("2026-01-10T08:00:00.000000000Z"), so that string order is time order and no
 * precision a source sent (OPC UA sends 100 ns ticks) is lost on the way.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses ISO-8601 with a zone; returns the normalised instant, or undefined when invalid. */
export function parseInstant(text: string): string | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return fromEpoch(utcMs, frac.padEnd(9, '0'));
}

/** Builds a normalised instant from UTC epoch milliseconds (whole seconds are taken from it). */
export function fromEpoch(utcMs: number, nanosOfSecond = '000000000'): string {
  const date = new Date(Math.floor(utcMs / 1000) * 1000);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${utcMs}`);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year out of range: ${year}`);
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
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
