/**
 * importers/shared/zone-time.ts: wall-clock times in IANA zones → UTC, worked out by hand from the
 * zone rules. Europe/Berlin: CET +01:00, CEST +02:00 from the last Sunday of March 01:00Z to the
 * last Sunday of October 01:00Z (2026: 29 March, 25 October); local mean time +00:53:28 before
 * 1893. America/New_York: EST −05:00, EDT −04:00 from 8 March 2026 07:00Z to 1 November 2026
 * 06:00Z; local mean time −04:56:02 before 1883.
 */
import {
  instantOf,
  isTimeZone,
  compatibleOffset,
  wallClockOf,
  wallClockToUtc,
} from '../../../importers/shared/zone-time';
import type { WallClock, ZoneTime } from '../../../importers/shared/zone-time';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

function wall(text: string, fraction?: string): WallClock {
  const [date = '', time = ''] = text.split('T');
  const [hour, minute, second = '0'] = time.split(':');
  return wallClockOf([...date.split('-'), hour, minute, second], fraction);
}

function placed(time: ZoneTime): Exclude<ZoneTime, { kind: 'invalid' }> {
  if (time.kind === 'invalid') throw new Error('invalid');
  return time;
}

describe('isTimeZone', () => {
  it('knows IANA names and UTC, in any case', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('europe/berlin')).toBe(true);
  });

  it('refuses unknown names, blanks and offsets', () => {
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('   ')).toBe(false);
    expect(isTimeZone('Europe/Berlin ')).toBe(false);
  });
});

describe('wallClockToUtc', () => {
  it('an ordinary winter and summer time in New York: −05:00 and −04:00', () => {
    expect(wallClockToUtc(wall('2026-01-15T12:00'), 'America/New_York')).toEqual({
      kind: 'exact',
      wallMs: utc('2026-01-15T12:00:00Z'),
      utcMs: utc('2026-01-15T17:00:00Z'),
      offsetMs: -5 * H,
    });
    expect(wallClockToUtc(wall('2026-07-15T12:00'), 'America/New_York')).toEqual({
      kind: 'exact',
      wallMs: utc('2026-07-15T12:00:00Z'),
      utcMs: utc('2026-07-15T16:00:00Z'),
      offsetMs: -4 * H,
    });
  });

  it('Berlin 2026-03-29 02:30 never happened: the clocks went from 02:00 CET to 03:00 CEST', () => {
    expect(wallClockToUtc(wall('2026-03-29T02:30'), 'Europe/Berlin')).toEqual({
      kind: 'nonexistent',
      wallMs: utc('2026-03-29T02:30:00Z'),
      change: { atMs: utc('2026-03-29T01:00:00Z'), offsetBeforeMs: H, offsetAfterMs: 2 * H },
    });
  });

  it('Berlin 2026-10-25 02:30 happened twice: 00:30Z (CEST) and 01:30Z (CET)', () => {
    expect(wallClockToUtc(wall('2026-10-25T02:30'), 'Europe/Berlin')).toEqual({
      kind: 'ambiguous',
      wallMs: utc('2026-10-25T02:30:00Z'),
      change: { atMs: utc('2026-10-25T01:00:00Z'), offsetBeforeMs: 2 * H, offsetAfterMs: H },
      earlier: { utcMs: utc('2026-10-25T00:30:00Z'), offsetMs: 2 * H },
      later: { utcMs: utc('2026-10-25T01:30:00Z'), offsetMs: H },
    });
  });

  it('the minutes next to a change are exact, on both sides', () => {
    const at = (text: string, zone: string) => placed(wallClockToUtc(wall(text), zone));
    // the hour before Berlin's gap (read as UTC it lies after the change) and the first after it
    expect(at('2026-03-29T01:30', 'Europe/Berlin')).toMatchObject({
      kind: 'exact',
      utcMs: utc('2026-03-29T00:30:00Z'),
    });
    expect(at('2026-03-29T01:59:59', 'Europe/Berlin')).toMatchObject({ kind: 'exact' });
    expect(at('2026-03-29T02:00', 'Europe/Berlin').kind).toBe('nonexistent');
    expect(at('2026-03-29T03:00', 'Europe/Berlin')).toMatchObject({
      kind: 'exact',
      utcMs: utc('2026-03-29T01:00:00Z'),
    });
    // New York: 01:59:59 EDT happens twice, 01:00 too; 00:59:59 and 02:00 once
    expect(at('2026-11-01T00:59:59', 'America/New_York').kind).toBe('exact');
    expect(at('2026-11-01T01:00', 'America/New_York').kind).toBe('ambiguous');
    expect(at('2026-11-01T01:59:59', 'America/New_York').kind).toBe('ambiguous');
    expect(at('2026-11-01T02:00', 'America/New_York')).toMatchObject({
      kind: 'exact',
      utcMs: utc('2026-11-01T07:00:00Z'),
    });
  });

  it('a far-past time is read with local mean time, years 0–99 included', () => {
    expect(wallClockToUtc(wall('1850-01-01T12:00'), 'America/New_York')).toMatchObject({
      kind: 'exact',
      utcMs: utc('1850-01-01T16:56:02Z'),
      offsetMs: -(4 * H + 56 * 60_000 + 2_000),
    });
    const year50 = placed(wallClockToUtc(wall('0050-06-01T12:00'), 'Europe/Berlin'));
    expect(year50.kind).toBe('exact');
    expect(year50.kind === 'exact' && new Date(year50.utcMs).toISOString()).toBe(
      '0050-06-01T11:06:32.000Z',
    );
  });

  it('keeps the fraction: milliseconds in utcMs, all nine digits in the instant', () => {
    const time = placed(wallClockToUtc(wall('2026-01-10T09:00:00', '123456789'), 'Europe/Berlin'));
    expect(time).toMatchObject({ kind: 'exact', utcMs: utc('2026-01-10T08:00:00.123Z') });
    expect(time.kind === 'exact' && instantOf(time.utcMs, '123456789')).toBe(
      '2026-01-10T08:00:00.123456789Z',
    );
  });

  it('fields that give no time are invalid; a zone that is none throws', () => {
    expect(wallClockToUtc(wall('x-01-01T00:00'), 'Europe/Berlin')).toEqual({ kind: 'invalid' });
    expect(wallClockToUtc(wall('300000-01-01T00:00'), 'Europe/Berlin')).toEqual({
      kind: 'invalid',
    });
    expect(() => wallClockToUtc(wall('2026-01-01T00:00'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('compatibleOffset (how B2MML, ReqIF and QIF read zoneless times at a change)', () => {
  const offset = (text: string, zone: string) =>
    compatibleOffset(placed(wallClockToUtc(wall(text), zone)));

  it('an exact time: its own offset', () => {
    expect(offset('2026-03-29T01:30', 'Europe/Berlin')).toBe(H); // CET
    expect(offset('2026-07-15T12:00', 'America/New_York')).toBe(-4 * H); // EDT
  });

  it('a repeated time (clocks went back): its first occurrence, at the offset before the change', () => {
    expect(offset('2026-10-25T02:30', 'Europe/Berlin')).toBe(2 * H); // 00:30Z, still CEST
    expect(offset('2026-11-01T01:30', 'America/New_York')).toBe(-4 * H); // 05:30Z, still EDT
  });

  it('a skipped time (clocks went forward): moved forward by the gap, read at the offset before it', () => {
    expect(offset('2026-03-29T02:30', 'Europe/Berlin')).toBe(H); // 01:30Z = 03:30 CEST
    expect(offset('2026-03-08T02:30', 'America/New_York')).toBe(-5 * H); // 07:30Z = 03:30 EDT
  });
});

describe('instantOf', () => {
  it('normalises to nine digits and refuses years outside 0001–9999', () => {
    expect(instantOf(utc('2026-01-10T08:00:00.999Z'))).toBe('2026-01-10T08:00:00.000000000Z');
    expect(instantOf(utc('2026-01-10T08:00:00Z'), '5')).toBe('2026-01-10T08:00:00.500000000Z');
    expect(instantOf(utc('0000-12-31T23:06:32Z'))).toBeUndefined();
    expect(instantOf(Date.UTC(10000, 0, 1))).toBeUndefined();
  });
});
