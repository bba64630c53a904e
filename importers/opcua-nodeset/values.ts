/**
 * A variable's `<Value>` as the UA XML encoding writes it (`<uax:String>`, `<uax:LocalizedText>`
 * with its `<uax:Text>`, `<uax:UInt16>`, `<uax:DateTime>`, `<uax:ListOfString>`, …) → the text it
 * holds. Only the identification properties' values are read (values.ts is not a general UA
 * decoder): scalars and lists of scalars; anything else (an ExtensionObject, a matrix) is kept as
 * its element's name only.
 */
import { readInstant } from '../../src/domain/time';
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf, textOf } from '../xml/read-xml';

export type UaValue =
  /** a scalar: its UA type (`String`, `LocalizedText`, `Byte`, …) and text exactly as written */
  | { readonly kind: 'scalar'; readonly type: string; readonly text: string }
  | { readonly kind: 'list'; readonly type: string; readonly items: readonly string[] }
  /** a value of another shape (a structure, a matrix): not read */
  | { readonly kind: 'other'; readonly type: string };

/** The value a `<Value>` element holds; undefined when it holds no element. */
export function readValue(value: XmlNode): UaValue | undefined {
  const [first] = childrenOf(value);
  if (first === undefined) return undefined;
  if (first.name.startsWith('ListOf')) {
    const items = childrenOf(first).map((item) => scalarText(item));
    if (items.some((i) => i === undefined)) return { kind: 'other', type: first.name };
    return { kind: 'list', type: first.name.slice('ListOf'.length), items: items as string[] };
  }
  const text = scalarText(first);
  return text === undefined
    ? { kind: 'other', type: first.name }
    : { kind: 'scalar', type: first.name, text: own(text) };
}

/** LocalizedText → its Text; QualifiedName → its Name; a built-in scalar → its text. */
function scalarText(node: XmlNode): string | undefined {
  if (node.name === 'LocalizedText') {
    const text = childOf(node, 'Text');
    return text === undefined ? '' : textOf(text);
  }
  if (node.name === 'QualifiedName') {
    const name = childOf(node, 'Name');
    return name === undefined ? '' : textOf(name);
  }
  // a structure (ExtensionObject, Variant, …) holds elements, not text
  return childrenOf(node).length > 0 ? undefined : textOf(node);
}

/** A scalar's text, undefined when there is no value or only white space. */
export function textValue(value: UaValue | undefined): string | undefined {
  if (value?.kind !== 'scalar') return undefined;
  return value.text.trim() === '' ? undefined : value.text;
}

/** Times at or before this are OPC UA's "no date" (DateTime.MinValue, written 1601 or 0001). */
const NO_DATE = '1601-01-01T00:00:00.000000000Z';

/**
 * An OPC UA DateTime → a normalised instant; undefined for OPC UA's "no date". A DateTime is UTC
 * by definition (OPC 10000-3, 8.5): one written without a zone is read as UTC.
 */
export function readUaDateTime(text: string): string | undefined | { readonly invalid: string } {
  const t = text.trim();
  const zoned = /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
  const read = readInstant(zoned);
  if (typeof read !== 'string') {
    return { invalid: `${JSON.stringify(t.slice(0, 60))} is not a DateTime` };
  }
  return read <= NO_DATE ? undefined : read;
}

/** A whole number written in decimal digits, within [min, max]; undefined otherwise. */
export function readWhole(text: string, min: number, max: number): number | undefined {
  const t = text.trim();
  if (!/^\+?\d{1,6}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/**
 * A copy of a text that holds nothing else alive: V8 may keep a piece of text as a slice of the
 * parser's whole 64 KB chunk, and what is held until the end of the file would hold the file.
 */
export function own(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
