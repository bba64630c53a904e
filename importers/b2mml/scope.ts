/**
 * What a record element inherits from the message around it: the version, the sending system,
 * the site of the nearest hierarchy scope, and the time the message was recorded — and the one
 * way every B2MML mapper turns its fields into a canonical record or a refusal (toRecord).
 */
import type { Kind, ParsedLine, Source } from '../../src/domain/canonical';
import { refuse, toRecord } from '../shared/to-record';
import type { XmlNode } from '../xml/read-xml';
import { childrenOf, serialize } from '../xml/read-xml';
import type { CheckedOptions } from './options';
import type { Container } from './structure';
import { childText, ownText, readDateTime, siteOfScope } from './values';

/** An open container and the header children read from it so far. */
export interface Frame {
  readonly type: Container;
  readonly node: XmlNode;
  readonly headers: Map<string, XmlNode>;
}

export interface Message {
  readonly version: string;
  readonly options: CheckedOptions;
  /** the option recordedAt, else the file's modification time: for messages that state none */
  readonly fallbackTime: string;
  /** the batches of the executed control recipes read so far in a batch record */
  readonly batches: string[];
}

/** A time as read for a record: the ISO text, or why the element holding it cannot be read. */
export type TimeRead =
  { readonly value: string | undefined } | { readonly problem: string; readonly node: XmlNode };

/** The element as received, cut to a size that can be kept beside the record. */
const MAX_ORIGINAL = 64 * 1024;

export class Scope {
  constructor(
    readonly message: Message,
    /** the open containers, outermost first */
    readonly frames: readonly Frame[],
  ) {}

  /** The nearest header of that name, innermost container first (optionally of some types). */
  header(name: string, ...types: Container[]): XmlNode | undefined {
    for (let i = this.frames.length - 1; i >= 0; i -= 1) {
      const f = this.frames[i];
      if (f === undefined || (types.length > 0 && !types.includes(f.type))) continue;
      const h = f.headers.get(name);
      if (h !== undefined) return h;
    }
    return undefined;
  }

  headerText(name: string, ...types: Container[]): string | undefined {
    return ownText(this.header(name, ...types));
  }

  /** ApplicationArea/Sender/LogicalID, else the option `system`. */
  system(): string | undefined {
    const sender = this.header('Sender', 'appArea');
    return childText(sender, 'LogicalID') ?? this.message.options.system;
  }

  /** The Site level named by the record's own scope, else the nearest container's, else the option. */
  site(...own: (XmlNode | undefined)[]): string | undefined {
    for (const node of own) {
      const s = siteOfScope(node);
      if (s !== undefined) return s;
    }
    for (let i = this.frames.length - 1; i >= 0; i -= 1) {
      const f = this.frames[i];
      if (f === undefined) continue;
      const scopes = ['HierarchyScope', 'Location']
        .map((n) => f.headers.get(n))
        .filter((n): n is XmlNode => n !== undefined);
      const s = siteOfScope({ ...f.node, content: scopes });
      if (s !== undefined) return s;
    }
    return this.message.options.site;
  }

  /**
   * When the record was recorded: the message's ApplicationArea/CreationDateTime, else the
   * nearest PublishedDate, else the record's own times (`own`, in order), else the option
   * recordedAt or the file's modification time. Empty elements count as absent.
   */
  recordedAt(...own: (XmlNode | undefined)[]): TimeRead {
    const candidates = [
      this.header('CreationDateTime', 'appArea'),
      this.header('PublishedDate'),
      ...own,
    ];
    for (const node of candidates) {
      const t = this.time(node);
      if ('problem' in t || t.value !== undefined) return t;
    }
    return { value: this.message.fallbackTime };
  }

  /** An element's xs:dateTime; undefined when the element is absent or empty. */
  time(node: XmlNode | undefined): TimeRead {
    if (node === undefined) return { value: undefined };
    const text = ownText(node);
    if (text === undefined) return { value: undefined };
    const read = readDateTime(text, this.message.options.timezone);
    return 'problem' in read ? { problem: read.problem, node } : { value: read.value };
  }
}

export interface Emit {
  readonly kind: Kind;
  readonly source: Source;
  readonly site?: string | undefined;
  readonly recordedAt: TimeRead;
  /** canonical fields, undefined left out; a TimeRead problem among them refuses the record */
  readonly data: Readonly<Record<string, unknown>>;
  /** the times the record uses, by canonical field */
  readonly times?: Readonly<Record<string, TimeRead>>;
  /** canonical field → the element it was read from, for refusals */
  readonly fields?: Readonly<Record<string, string>>;
}

/** A mapped record → a validated canonical record, or the refusal naming its element. */
export function emit(scope: Scope, at: XmlNode, e: Emit): ParsedLine {
  const origin = originOf(at, e.fields);
  if ('problem' in e.recordedAt) {
    return refuse(origin, e.recordedAt.node.path, `recordedAt: ${e.recordedAt.problem}`);
  }
  const data: Record<string, unknown> = { ...e.data };
  for (const [field, t] of Object.entries(e.times ?? {})) {
    if ('problem' in t) return refuse(origin, t.node.path, `${field}: ${t.problem}`);
    data[field] = t.value;
  }
  const system = scope.system();
  return toRecord(
    {
      kind: e.kind,
      source: e.source,
      ...(system === undefined ? {} : { system }),
      ...(e.site === undefined ? {} : { site: e.site }),
      recordedAt: e.recordedAt.value ?? scope.message.fallbackTime,
      data,
    },
    origin,
  );
}

export function originOf(at: XmlNode, fields?: Readonly<Record<string, string>>) {
  const text = serialize(at);
  return {
    line: at.line,
    path: at.path,
    original: text.length > MAX_ORIGINAL ? text.slice(0, MAX_ORIGINAL) : text,
    fieldName: (f: string) => fields?.[f.replace(/^data\./, '')] ?? f,
  };
}

/** A refusal of an element: its line and path, the child it is about, and why. */
export function refuseAt(at: XmlNode, child: string | undefined, reason: string): ParsedLine {
  return refuse(originOf(at), child, reason);
}

/** The first Description's text. */
export function descriptionOf(node: XmlNode): string | undefined {
  return childText(node, 'Description');
}

export { childrenOf };
