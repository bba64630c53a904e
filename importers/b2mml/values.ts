/**
 * Reading B2MML values: element text, xs:dateTime (with the site's zone for times sent without
 * one), QuantityString, and the site named by a hierarchy scope (V0600+) or location (V0401).
 * Each reader says why a value cannot be read, so the record can be refused with its element.
 */
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf, textOf } from '../xml/read-xml';
import { compatibleOffset, wallClockOf, wallClockToUtc } from '../shared/zone-time';
import type { ZoneTime } from '../shared/zone-time';

/** The trimmed text of the first child of that name; undefined when absent or empty. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const child = node === undefined ? undefined : childOf(node, name);
  if (child === undefined) return undefined;
  const text = textOf(child).trim();
  return text === '' ? undefined : text;
}

/** The trimmed texts of every child of that name, empty ones left out. */
export function childTexts(node: XmlNode, name: string): string[] {
  return childrenOf(node, name)
    .map((c) => textOf(c).trim())
    .filter((t) => t !== '');
}

/** The first child of any of the names, in the order of the names. */
export function firstChild(node: XmlNode, ...names: string[]): XmlNode | undefined {
  for (const n of names) {
    const c = childOf(node, n);
    if (c !== undefined) return c;
  }
  return undefined;
}

export type Read<T> = { readonly value: T } | { readonly problem: string };

const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An xs:dateTime → ISO-8601 with a zone (the canonical validator then normalises it). A time
 * without a zone is read in `timezone` (IANA) when given, else refused. Fractional digits past
 * the ninth (finer than a nanosecond) are cut.
 */
export function readDateTime(text: string, timezone: string | undefined): Read<string> {
  const m = DATE_TIME.exec(text);
  if (!m) return { problem: `${JSON.stringify(text)} is not an xs:dateTime` };
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', frac, zone] = m;
  const fraction = frac === undefined ? '' : `.${frac.slice(0, 9)}`;
  const local = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}`;
  if (zone !== undefined) return { value: local + zone };
  if (timezone === undefined) {
    return {
      problem: `${JSON.stringify(text)} has no time zone: give the site's zone (option timezone)`,
    };
  }
  const time = wallClockToUtc(wallClockOf([y, mo, d, h, mi, s]), timezone);
  if (time.kind === 'invalid') return { problem: `${JSON.stringify(text)} is not a time` };
  return { value: local + formatOffset(Math.round(offsetOf(time) / 60_000)) };
}

/**
 * The offset (ms) of a wall time in its zone; at a DST change, read as compatibleOffset says
 * (b2mml/MAPPING.md, Times): a repeated time is its first occurrence, a skipped one is moved
 * forward by the gap.
 */
function offsetOf(time: Exclude<ZoneTime, { kind: 'invalid' }>): number {
  return compatibleOffset(time);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export interface Quantity {
  readonly value: number;
  readonly unit?: string;
}

/**
 * The first Quantity child (B2MML allows several, one per unit of measure): its QuantityString
 * as a number with its UnitOfMeasure. Undefined when there is none or it is empty.
 */
export function readQuantity(node: XmlNode): Read<Quantity | undefined> {
  const q = childOf(node, 'Quantity');
  if (q === undefined) return { value: undefined };
  const text = childText(q, 'QuantityString') ?? childText(q, 'ValueString');
  if (text === undefined) return { value: undefined };
  if (!DECIMAL.test(text)) return { problem: `${JSON.stringify(text)} is not a number` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { problem: `${JSON.stringify(text)} is out of range` };
  const unit = childText(q, 'UnitOfMeasure');
  return { value: unit === undefined ? { value } : { value, unit } };
}

/**
 * The site a hierarchy scope (V0600+) or location (V0401) names: the EquipmentID of the level
 * `Site` anywhere in its nesting.
 */
export function siteOfScope(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  for (const scope of [...childrenOf(node, 'HierarchyScope'), ...childrenOf(node, 'Location')]) {
    const found = siteIn(scope);
    if (found !== undefined) return found;
  }
  return undefined;
}

function siteIn(scope: XmlNode): string | undefined {
  const level = childText(scope, 'EquipmentElementLevel') ?? childText(scope, 'EquipmentLevel');
  const id = childText(scope, 'EquipmentID');
  if (level?.toLowerCase() === 'site' && id !== undefined) return id;
  for (const inner of [...childrenOf(scope, 'HierarchyScope'), ...childrenOf(scope, 'Location')]) {
    const found = siteIn(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The trimmed text of the node itself; undefined when empty. */
export function ownText(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const text = textOf(node).trim();
  return text === '' ? undefined : text;
}
