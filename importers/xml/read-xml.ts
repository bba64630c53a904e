/**
 * Streams an XML file as the elements a format asks for, each a small tree, with the elements
 * around it (their attributes only) — never the whole document in memory. Hostile input is
 * refused, not expanded: a DOCTYPE (and so every entity declaration, external entity and remote
 * DTD) is refused outright, only XML's five predefined entities and character references are
 * read, and depth, attributes per element, nodes and text per selected element and the file's
 * size are bounded. The first problem ends the file with its line, column and element path;
 * what was read before it stands.
 */
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';

export interface XmlNode {
  /** local name, without prefix */
  readonly name: string;
  readonly uri: string;
  /** attributes by local name (namespace declarations left out) */
  readonly attrs: Readonly<Record<string, string>>;
  /** child elements and text, in document order */
  readonly content: (XmlNode | string)[];
  /** 1-based line of the start tag */
  readonly line: number;
  /** /ROOT/CHILD[2]/LEAF: local names, with the position among same-named siblings past the first */
  readonly path: string;
}

export interface XmlLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxAttributes: number;
  /** elements and text pieces in one selected element */
  readonly maxNodes: number;
  /** characters of text in one selected element */
  readonly maxText: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 8 * 1024 ** 3,
  maxDepth: 256,
  maxAttributes: 512,
  maxNodes: 200_000,
  maxText: 32 * 1024 * 1024,
};

export type XmlItem =
  | {
      readonly kind: 'element';
      readonly node: XmlNode;
      /** the open elements around it, outermost first, without their content */
      readonly ancestors: readonly XmlNode[];
    }
  | {
      readonly kind: 'problem';
      readonly line: number;
      readonly path: string;
      readonly reason: string;
    };

/** Which elements to hand over whole: by local name and the open elements around it. */
export type Select = (name: string, uri: string, ancestors: readonly XmlNode[]) => boolean;

export type XmlSource = string | AsyncIterable<Buffer>;

interface Open {
  node: XmlNode;
  counts: Map<string, number>;
  /** inside a selected element: content is kept */
  keep: boolean;
}

export async function* readXml(
  source: XmlSource,
  select: Select,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): AsyncGenerator<XmlItem> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  // elements closed, with where the parser was: saxes reports a bad close tag after closing the
  // element, so an element closed where the problem was found is not handed over
  const out: { item: XmlItem; at: number }[] = [];
  let problemAt = Infinity;
  let lastClose = { at: -1, path: '' };
  const stack: Open[] = [];
  let problem: XmlItem | undefined;
  let selected: { nodes: number; text: number } | undefined;
  const rootCounts = new Map<string, number>();
  const here = (): string => stack.at(-1)?.node.path ?? '/';
  const stop = (reason: string, line = parser.line) => {
    if (problem) return;
    const path = lastClose.at === parser.position ? lastClose.path : here();
    problem = { kind: 'problem', line, path, reason };
    problemAt = parser.position;
  };
  const ready = (): XmlItem[] =>
    out
      .splice(0)
      .filter((o) => o.at < problemAt)
      .map((o) => o.item);

  parser.on('doctype', () =>
    stop(
      'a DOCTYPE is refused: threadgraph reads no DTD (no entity declarations, external entities or remote DTDs)',
    ),
  );
  parser.on('error', (e) =>
    stop(`not well-formed XML: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`),
  );
  let startLine = 1;
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (problem) return;
    const parent = stack.at(-1);
    if (stack.length >= limits.maxDepth)
      return stop(`nests deeper than ${limits.maxDepth} elements`);
    const attrs: Record<string, string> = {};
    let count = 0;
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      count += 1;
      attrs[a.local] = a.value;
    }
    if (count > limits.maxAttributes) {
      return stop(
        `<${tag.local}> has ${count} attributes; at most ${limits.maxAttributes} are read`,
      );
    }
    const counts = parent?.counts ?? rootCounts;
    const nth = (counts.get(tag.local) ?? 0) + 1;
    counts.set(tag.local, nth);
    const node: XmlNode = {
      name: tag.local,
      uri: tag.uri,
      attrs,
      content: [],
      line: startLine,
      path: `${parent?.node.path ?? ''}/${tag.local}${nth > 1 ? `[${nth}]` : ''}`,
    };
    let keep = parent?.keep ?? false;
    if (keep && selected) {
      selected.nodes += 1;
      if (selected.nodes > limits.maxNodes) {
        return stop(`the element holds more than ${limits.maxNodes} nodes`);
      }
      parent?.node.content.push(node);
    } else if (
      select(
        tag.local,
        tag.uri,
        stack.map((s) => s.node),
      )
    ) {
      keep = true;
      selected = { nodes: 1, text: 0 };
    }
    stack.push({ node, counts: new Map(), keep });
  });
  const onText = (text: string) => {
    if (problem) return;
    const top = stack.at(-1);
    if (!top?.keep || !selected) return;
    selected.text += text.length;
    selected.nodes += 1;
    if (selected.text > limits.maxText)
      return stop(`the element holds more than ${limits.maxText} characters of text`);
    if (selected.nodes > limits.maxNodes)
      return stop(`the element holds more than ${limits.maxNodes} nodes`);
    const last = top.node.content.at(-1);
    if (typeof last === 'string') top.node.content[top.node.content.length - 1] = last + text;
    else top.node.content.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (problem) return;
    const closed = stack.pop();
    if (!closed) return;
    lastClose = { at: parser.position, path: closed.node.path };
    const parent = stack.at(-1);
    if (closed.keep && !parent?.keep) {
      selected = undefined;
      out.push({
        item: {
          kind: 'element',
          node: closed.node,
          ancestors: stack.map((s) => ({ ...s.node, content: [] })),
        },
        at: parser.position,
      });
    }
  });

  let bytes = 0;
  const decode = decoderFor();
  const chunks: AsyncIterable<Buffer> =
    typeof source === 'string'
      ? (createReadStream(source, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>)
      : source;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) stop(`the file is larger than ${limits.maxBytes} bytes`);
      if (!problem) {
        const text = decode.write(chunk);
        if (typeof text !== 'string') stop(text.problem);
        else if (text !== '') parser.write(text);
      }
      yield* ready();
      if (problem) break;
    }
    if (!problem) {
      const rest = decode.end();
      if (typeof rest !== 'string') stop(rest.problem);
      else {
        if (rest !== '') parser.write(rest);
        if (!problem) parser.close();
      }
    }
  } catch (e) {
    stop(`not well-formed XML: ${(e as Error).message}`);
  }
  yield* ready();
  if (problem) yield problem;
}

interface Decoder {
  write(chunk: Buffer): string | { problem: string };
  end(): string | { problem: string };
}

/**
 * Bytes → text as the document says: a byte-order mark (UTF-8, UTF-16 LE/BE), else the XML
 * declaration's encoding, else UTF-8 — strictly: bytes that are not UTF-8 are a problem, never
 * replaced.
 */
function decoderFor(): Decoder {
  let inner: Decoder | undefined;
  let head = Buffer.alloc(0);
  const choose = (bytes: Buffer): Decoder | { problem: string } => {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return viaIconv('utf-16le');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return viaIconv('utf-16be');
    const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      bytes.toString('latin1', 0, Math.min(bytes.length, 512)),
    )?.[1];
    if (declared === undefined || /^utf-?8$/i.test(declared)) return utf8();
    return known(declared)
      ? viaIconv(declared)
      : { problem: `the declared encoding ${declared} is unknown` };
  };
  return {
    write(chunk) {
      if (inner) return inner.write(chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < 512) return '';
      const d = choose(head);
      if ('problem' in d) return d;
      inner = d;
      return d.write(head);
    },
    end() {
      if (!inner) {
        const d = choose(head);
        if ('problem' in d) return d;
        inner = d;
        const first = d.write(head);
        if (typeof first !== 'string') return first;
        const rest = d.end();
        return typeof rest === 'string' ? first + rest : rest;
      }
      return inner.end();
    },
  };
}

/** Whether iconv-lite decodes an encoding (its own check narrows the name to never when not). */
function known(encoding: string): boolean {
  return iconv.encodingExists(encoding);
}

function utf8(): Decoder {
  const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const wrap = (f: () => string) => {
    try {
      return f();
    } catch {
      return { problem: 'the file is not valid UTF-8 (and declares no other encoding)' };
    }
  };
  return {
    write: (chunk) => wrap(() => d.decode(chunk, { stream: true })),
    end: () => wrap(() => d.decode()),
  };
}

function viaIconv(encoding: string): Decoder {
  const d = iconv.getDecoder(encoding, { stripBOM: true });
  return { write: (chunk) => d.write(chunk), end: () => d.end() ?? '' };
}

/** The child elements of a node, optionally only those of a local name. */
export function childrenOf(node: XmlNode, name?: string): XmlNode[] {
  return node.content.filter(
    (c): c is XmlNode => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

/** The first child element of a local name. */
export function childOf(node: XmlNode, name: string): XmlNode | undefined {
  return node.content.find((c): c is XmlNode => typeof c !== 'string' && c.name === name);
}

/** All the text inside a node, in document order. */
export function textOf(node: XmlNode): string {
  return node.content.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The node as XML again (local names; namespace prefixes dropped), for keeping what was sent. */
export function serialize(node: XmlNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escape(v).replace(/"/g, '&quot;')}"`)
    .join('');
  if (node.content.length === 0) return `<${node.name}${attrs}/>`;
  const inner = node.content
    .map((c) => (typeof c === 'string' ? escape(c) : serialize(c)))
    .join('');
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
