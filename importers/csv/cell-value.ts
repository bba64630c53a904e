/**
 * One cell → the value of one canonical field, by the field's canonical type and the profile's
 * rules: code maps (`i.O. → PASS`), decimal comma and thousands separator, the site's time
 * formats and zone, list separators. A cell that cannot be read is a reason, never a guess.
 */
import type { FieldType } from '../../src/domain/canonical';
import { readLocalTime } from './local-time';
import type { TimePattern } from './local-time';
import type { FieldMapping } from './profile-schema';

export interface CellRules {
  readonly decimalComma: boolean;
  readonly thousandsSeparator?: string;
  readonly zone?: string;
  readonly patterns: readonly TimePattern[];
}

export type CellResult = { value: unknown } | { problem: string } | { absent: true };

/** The mapping's value for a cell (`undefined` cell: the column is not mapped, a constant is). */
export function cellValue(
  type: FieldType | undefined,
  mapping: Exclude<FieldMapping, string>,
  cell: string | undefined,
  rules: CellRules,
  patterns: readonly TimePattern[] | undefined,
): CellResult {
  let given: string | number | boolean | undefined = mapping.value ?? cell;
  if (given === '' || given === undefined) given = mapping.default;
  if (given === undefined || given === '') return { absent: true };
  if (typeof given === 'string' && mapping.map !== undefined) {
    const to = Object.prototype.hasOwnProperty.call(mapping.map, given)
      ? mapping.map[given]
      : undefined;
    if (to !== undefined) given = to;
    else if (mapping.unmapped !== 'keep')
      return {
        problem: `the code ${JSON.stringify(given.slice(0, 60))} is not in the profile's map (${Object.keys(mapping.map).slice(0, 12).join(', ')})`,
      };
  }
  if (typeof given !== 'string') return { value: given };
  switch (type) {
    case 'number':
      return readNumber(given, rules);
    case 'boolean': {
      const t = given.toLowerCase();
      if (t === 'true') return { value: true };
      if (t === 'false') return { value: false };
      return {
        problem: `${JSON.stringify(given.slice(0, 60))} is not true or false (map the site's codes)`,
      };
    }
    case 'instant': {
      if (rules.zone === undefined) return { problem: 'the profile gives no time zone' };
      const r = readLocalTime(given, patterns ?? rules.patterns, rules.zone);
      return 'instant' in r ? { value: r.instant } : r;
    }
    case 'string[]': {
      const parts = given
        .split(mapping.split ?? '|')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return parts.length === 0 ? { absent: true } : { value: parts };
    }
    default:
      return { value: given };
  }
}

function readNumber(text: string, rules: CellRules): CellResult {
  let t = text.replace(/\s/g, '');
  if (rules.thousandsSeparator !== undefined) t = t.split(rules.thousandsSeparator).join('');
  if (rules.decimalComma) {
    if (t.includes('.') && rules.thousandsSeparator !== '.')
      return {
        problem: `${JSON.stringify(text.slice(0, 60))}: a point where the profile says the decimal mark is a comma`,
      };
    t = t.replace(',', '.');
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t))
    return { problem: `${JSON.stringify(text.slice(0, 60))} is not a number` };
  const n = Number(t);
  return Number.isFinite(n)
    ? { value: n }
    : { problem: `${JSON.stringify(text.slice(0, 60))} is too large` };
}
