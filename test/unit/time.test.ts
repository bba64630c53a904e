import { epochMs, formatInstant, isDate, localDate, parseInstant } from '../../src/domain/time';

describe('parseInstant', () => {
  it('normalises any zone to UTC with nine fractional digits', () => {
    expect(parseInstant('2026-01-10T08:00:00Z')).toBe('2026-01-10T08:00:00.000000000Z');
    expect(parseInstant('2026-01-10T08:00:00+02:00')).toBe('2026-01-10T06:00:00.000000000Z');
    expect(parseInstant('2026-01-10T01:30:00-05:30')).toBe('2026-01-10T07:00:00.000000000Z');
    expect(parseInstant('2026-01-01T00:30:00+01:00')).toBe('2025-12-31T23:30:00.000000000Z');
  });

  it('keeps every fractional digit a source sent', () => {
    expect(parseInstant('2026-01-10T08:00:00.1234567Z')).toBe('2026-01-10T08:00:00.123456700Z');
    expect(parseInstant('2026-01-10T08:00:00.000000001Z')).toBe('2026-01-10T08:00:00.000000001Z');
  });

  it('refuses times without a zone and impossible dates', () => {
    expect(parseInstant('2026-01-10T08:00:00')).toBeUndefined();
    expect(parseInstant('2026-01-10')).toBeUndefined();
    expect(parseInstant('2026-02-30T08:00:00Z')).toBeUndefined();
    expect(parseInstant('2026-01-10T24:00:00Z')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
  });

  it('orders as time when compared as strings', () => {
    const a = parseInstant('2026-01-10T08:00:00+01:00') as string; // 07:00Z
    const b = parseInstant('2026-01-10T07:30:00Z') as string;
    expect(a < b).toBe(true);
  });
});

describe('formatInstant', () => {
  it('drops fractional digits that carry no value', () => {
    expect(formatInstant('2026-01-10T08:00:00.000000000Z')).toBe('2026-01-10T08:00:00Z');
    expect(formatInstant('2026-01-10T08:00:00.120000000Z')).toBe('2026-01-10T08:00:00.12Z');
  });
});

describe('localDate and isDate', () => {
  it('gives the calendar day in the site zone', () => {
    // 23:30 UTC on 31 March is 00:30 on 1 April in London (BST, UTC+1)
    const t = parseInstant('2026-03-31T23:30:00Z') as string;
    expect(localDate(t, 'Europe/London')).toBe('2026-04-01');
    expect(localDate(t, 'America/Chicago')).toBe('2026-03-31');
    expect(localDate(t, undefined)).toBe('2026-03-31');
    expect(localDate(t, 'Not/AZone')).toBe('2026-03-31');
    expect(localDate(t, '')).toBe('2026-03-31');
  });

  it('gives the same day again from a zone it has seen (formatters are kept per zone)', () => {
    const t = parseInstant('2026-03-31T23:30:00Z') as string;
    const later = parseInstant('2026-10-25T23:30:00Z') as string; // GMT again: still 25 October
    expect(localDate(t, 'Europe/London')).toBe('2026-04-01');
    expect(localDate(later, 'Europe/London')).toBe('2026-10-25');
    expect(localDate(t, 'Not/AZone')).toBe('2026-03-31');
    expect(localDate(later, 'Not/AZone')).toBe('2026-10-25');
  });

  it('recognises ISO dates', () => {
    expect(isDate('2026-03-31')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2026-03-31T00:00:00Z')).toBe(false);
  });

  it('epochMs reads the millisecond part', () => {
    expect(epochMs('1970-01-01T00:00:01.500000000Z')).toBe(1500);
  });
});
