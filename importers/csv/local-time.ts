/**
 * Site times as exports write them (`04.03.2026 14:30`, `03/04/2026 02:30 PM`) → canonical
 * instants. A pattern of the profile reads the text; a time without an offset is a wall-clock time
 * in the site's IANA zone and is converted with it — refused when that wall-clock time happened
 * twice (the hour repeated when DST ends) or never (the hour skipped when DST starts).
 */
import { fromEpoch, readInstant } from '../../src/domain/time';
import { instantOf, wallClockToUtc } from '../shared/zone-time';

/** yyyy MM M dd d HH H hh h mm ss SSS a, and literal text in single quotes; `iso` = ISO-8601. */
export interface TimePattern {
  readonly source: string;
  readonly regex: RegExp;
  readonly groups: readonly Token[];
}

type Token = 'yyyy' | 'MM' | 'M' | 'dd' | 'd' | 'HH' | 'H' | 'hh' | 'h' | 'mm' | 'ss' | 'SSS' | 'a';

const TOKENS: Record<Token, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  hh: '(\\d{2})',
  h: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{1,9})',
  a: '([AaPp][Mm])',
};
const TOKEN_ORDER: readonly Token[] = [
  'yyyy',
  'SSS',
  'MM',
  'dd',
  'HH',
  'hh',
  'mm',
  'ss',
  'M',
  'd',
  'H',
  'h',
  'a',
];

/** Compiles a pattern, or says what is wrong with it. */
export function compilePattern(source: string): TimePattern | { problem: string } {
  if (source === 'iso') return { source, regex: /^$/, groups: [] };
  let regex = '';
  const groups: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) return { problem: `an unclosed quote in ${JSON.stringify(source)}` };
      regex += escape(source.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const token = TOKEN_ORDER.find((t) => source.startsWith(t, i));
    if (token !== undefined) {
      regex += TOKENS[token];
      groups.push(token);
      i += token.length;
      continue;
    }
    if (/[A-Za-z]/.test(ch))
      return {
        problem: `${JSON.stringify(ch)} in ${JSON.stringify(source)} is no pattern letter (yyyy MM dd HH hh mm ss SSS a; quote literal text: 'T')`,
      };
    regex += escape(ch);
    i += 1;
  }
  const has = (t: Token) => groups.includes(t);
  if (!has('yyyy') || !(has('MM') || has('M')) || !(has('dd') || has('d')))
    return { problem: `${JSON.stringify(source)} needs a year (yyyy), month (MM) and day (dd)` };
  if ((has('hh') || has('h')) !== has('a'))
    return {
      problem: `${JSON.stringify(source)}: a 12-hour clock (hh) goes with am/pm (a), and only with it`,
    };
  return { source, regex: new RegExp(`^${regex}$`), groups };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type TimeResult = { instant: string } | { problem: string };

/**
 * Reads `text` with the first pattern it matches. A text with its own offset (`Z`, `+01:00`) is
 * taken as it says (pattern `iso`); a wall-clock time is placed in `zone`.
 */
export function readLocalTime(
  text: string,
  patterns: readonly TimePattern[],
  zone: string,
): TimeResult {
  for (const p of patterns) {
    if (p.source === 'iso') {
      const withZone = readInstant(text);
      if (typeof withZone === 'string') return { instant: withZone };
      const naive =
        /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/.exec(text);
      if (naive === null) continue;
      const [, y, mo, d, h, mi, s = '0', f = ''] = naive;
      return place([+y!, +mo!, +d!, +h!, +mi!, +s], f, zone, text);
    }
    const m = p.regex.exec(text);
    if (m === null) continue;
    const v: Partial<Record<Token, string>> = {};
    p.groups.forEach((t, i) => (v[t] = m[i + 1]));
    let hour = Number(v.HH ?? v.H ?? v.hh ?? v.h ?? '0');
    if (v.a !== undefined) {
      if (hour < 1 || hour > 12)
        return { problem: `${JSON.stringify(text)}: no hour ${hour} on a 12-hour clock` };
      hour = (hour % 12) + (v.a.toLowerCase() === 'pm' ? 12 : 0);
    }
    return place(
      [
        Number(v.yyyy),
        Number(v.MM ?? v.M),
        Number(v.dd ?? v.d),
        hour,
        Number(v.mm ?? '0'),
        Number(v.ss ?? '0'),
      ],
      v.SSS ?? '',
      zone,
      text,
    );
  }
  return {
    problem: `${JSON.stringify(text.slice(0, 60))} matches none of the profile's time formats (${patterns.map((p) => p.source).join(', ')})`,
  };
}

function place(
  [year, month, day, hour, minute, second]: number[],
  fraction: string,
  zone: string,
  text: string,
): TimeResult {
  const y = year ?? 0;
  const mo = month ?? 0;
  const d = day ?? 0;
  const h = hour ?? 0;
  const mi = minute ?? 0;
  const s = second ?? 0;
  const dim = new Date(Date.UTC(2000, mo, 0)).getUTCDate();
  const daysInMonth = mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : dim;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59 || y < 1)
    return { problem: `${JSON.stringify(text)} is no such day or time` };
  const time = wallClockToUtc(
    { year: y, month: mo, day: d, hour: h, minute: mi, second: s, fraction },
    zone,
  );
  if (time.kind === 'exact') {
    const instant = instantOf(time.utcMs, fraction);
    return instant === undefined
      ? { problem: `${JSON.stringify(text)} falls outside the years 0001–9999` }
      : { instant };
  }
  if (time.kind === 'invalid') return { problem: `${JSON.stringify(text)} is no such day or time` };
  if (time.kind === 'nonexistent')
    return {
      problem: `${JSON.stringify(text)} never happened in ${zone} (the clocks skipped that hour: daylight saving time began)`,
    };
  return {
    problem: `${JSON.stringify(text)} happened twice in ${zone} (the clocks went back: ${fromEpoch(time.earlier.utcMs).slice(0, 19)}Z or ${fromEpoch(time.later.utcMs).slice(0, 19)}Z); the export must give the offset`,
  };
}
