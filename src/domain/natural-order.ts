/**
 * Natural order of serial and lot numbers (canonical model, "Effectivity"): two numbers with the
 * same prefix compare by their trailing integer (SN-9 < SN-10); otherwise they compare as
 * strings, by UTF-16 code unit, so the order never depends on the machine's locale.
 */

const TRAILING_INTEGER = /^(.*?)(\d+)$/;

/** A serial or lot number taken apart once, for comparing many times. */
export interface NaturalKey {
  readonly text: string;
  readonly prefix: string;
  readonly number?: bigint | undefined;
}

export function naturalKey(text: string): NaturalKey {
  const m = TRAILING_INTEGER.exec(text);
  return m ? { text, prefix: m[1] ?? '', number: BigInt(m[2] ?? '0') } : { text, prefix: text };
}

export function compareNaturalKeys(a: NaturalKey, b: NaturalKey): number {
  if (a.number !== undefined && b.number !== undefined && a.prefix === b.prefix) {
    return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  }
  return compareStrings(a.text, b.text);
}

/** Negative, zero or positive. Zero means the same position: SN-007 and SN-7 are equal. */
export function compareNatural(a: string, b: string): number {
  return compareNaturalKeys(naturalKey(a), naturalKey(b));
}

/** Total order for sorting: natural order, ties broken by the plain string. */
export function sortNatural(a: string, b: string): number {
  return compareNatural(a, b) || compareStrings(a, b);
}

/** Inclusive at both ends; `to` open when absent. */
export function inNaturalRange(value: string, from: string | undefined, to: string | undefined) {
  if (from !== undefined && compareNatural(value, from) < 0) return false;
  if (to !== undefined && compareNatural(value, to) > 0) return false;
  return true;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by natural order of a field, taking each value apart once (not once per comparison). */
export function sortedNatural<T>(items: readonly T[], field: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: naturalKey(field(item)) }))
    .sort((a, b) => compareNaturalKeys(a.key, b.key) || compareStrings(a.key.text, b.key.text))
    .map((x) => x.item);
}
