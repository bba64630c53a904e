/**
 * The ReqIF documents behind a path — the file itself, or each .reqif entry of a .reqifz
 * archive — and the reading of one of them as the elements a pass asks for. Besides what the
 * XML reader refuses (DOCTYPEs, entities, depth, size), a document is refused when its root is
 * not a ReqIF REQ-IF element, and when a stretch of bytes without `<` (one attribute value, one
 * run of text) exceeds the bound: the parser would hold all of it before handing anything over.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { readXml } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';
import { openZip, ZipEntryError } from '../zip/read-zip';
import type { ZipArchive } from '../zip/read-zip';
import type { Settings } from './options';

/** The ReqIF 1.0, 1.1 and 1.2 namespace, and the 1.0 draft's (Eclipse RMF wrote it). */
export const REQIF_NAMESPACES = [
  'http://www.omg.org/spec/ReqIF/20110401/reqif.xsd',
  'http://www.omg.org/spec/ReqIF/20101201',
] as const;

export interface ReqifDocument {
  /** the entry's name inside an archive; undefined for a plain .reqif file */
  readonly entry: string | undefined;
  bytes(): AsyncIterable<Buffer>;
}

export interface Documents {
  readonly documents: readonly ReqifDocument[];
  /** archive-level and entry-level refusals, each naming the archive and the entry */
  readonly refusals: readonly string[];
  close(): void;
}

/** A zip starts with a local file header (or, when empty, the end of central directory). */
async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return (
      bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)
    );
  } finally {
    await handle.close();
  }
}

export async function documentsOf(path: string, settings: Settings): Promise<Documents> {
  if (!(await isZip(path))) {
    return {
      documents: [
        {
          entry: undefined,
          bytes: () => createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>,
        },
      ],
      refusals: [],
      close: () => undefined,
    };
  }
  const opened = await openZip(path, settings.zipLimits);
  if ('refused' in opened)
    return { documents: [], refusals: [opened.refused], close: () => undefined };
  const archive: ZipArchive = opened.archive;
  const refusals: string[] = [];
  const documents: ReqifDocument[] = [];
  for (const entry of archive.entries) {
    if (entry.refused !== undefined) {
      refusals.push(`archive ${archive.name}, entry "${entry.name}": ${entry.refused}`);
    } else if (!entry.directory && /\.reqif$/i.test(entry.name)) {
      documents.push({ entry: entry.name, bytes: () => archive.read(entry) });
    }
    // other entries (attachments: OLE objects, images) are files the XHTML refers to: not read
  }
  if (documents.length === 0 && refusals.length === 0) {
    refusals.push(`archive ${archive.name} holds no .reqif document`);
  }
  return { documents, refusals, close: () => archive.close() };
}

export type DocumentItem =
  | { readonly kind: 'element'; readonly node: XmlNode; readonly ancestors: readonly XmlNode[] }
  | {
      readonly kind: 'problem';
      readonly line: number;
      readonly path: string;
      readonly reason: string;
    };

/** Which elements of the ReqIF namespace a pass wants, by local name and the elements around. */
export type ReqifSelect = (name: string, ancestors: readonly XmlNode[]) => boolean;

/**
 * One document as the selected elements (all in the document's ReqIF namespace), ending with
 * a problem item when the document is refused or breaks off.
 */
export async function* readDocument(
  doc: ReqifDocument,
  select: ReqifSelect,
  settings: Settings,
  /** an element from which on nothing more is wanted: the rest of the document is not read */
  until?: ReqifSelect,
): AsyncGenerator<DocumentItem> {
  let done = false;
  let rootProblem: string | undefined;
  let rootUri: string | undefined;
  let stopped: string | undefined;
  const guarded = async function* (): AsyncGenerator<Buffer> {
    let run = 0;
    try {
      for await (const chunk of doc.bytes()) {
        if (rootProblem !== undefined || done) return;
        let pos = 0;
        for (;;) {
          const next = chunk.indexOf(0x3c, pos);
          run += (next < 0 ? chunk.length : next) - pos;
          if (next < 0 || run > settings.maxRunBytes) break;
          run = 0;
          pos = next + 1;
        }
        if (run > settings.maxRunBytes) {
          stopped = `more than ${settings.maxRunBytes} bytes without markup (one attribute value or run of text): refused`;
          return;
        }
        yield chunk;
      }
    } catch (e) {
      if (e instanceof ZipEntryError) stopped = e.message;
      else throw e;
    }
  };
  const items = readXml(
    guarded(),
    (name, uri, ancestors) => {
      if (ancestors.length === 0) {
        rootUri = uri;
        if (name !== 'REQ-IF' || !(REQIF_NAMESPACES as readonly string[]).includes(uri)) {
          rootProblem = `not a ReqIF document: the root is <${name}>${uri ? ` in namespace ${uri}` : ' in no namespace'}; ReqIF's is <REQ-IF> in ${REQIF_NAMESPACES.join(' or ')}`;
        }
        return false;
      }
      if (rootProblem !== undefined || uri !== rootUri) return false;
      if (until?.(name, ancestors)) done = true;
      return !done && select(name, ancestors);
    },
    settings.xmlLimits,
  );
  for await (const item of items) {
    if (item.kind === 'element') {
      yield item;
      continue;
    }
    // stopped on purpose: the document breaks off where it was left, which is no problem
    if (done && rootProblem === undefined && stopped === undefined) return;
    const reason = rootProblem ?? stopped ?? item.reason;
    yield { kind: 'problem', line: item.line, path: item.path, reason };
    return;
  }
  if (rootProblem !== undefined) yield { kind: 'problem', line: 1, path: '/', reason: rootProblem };
  else if (stopped !== undefined) yield { kind: 'problem', line: 1, path: '/', reason: stopped };
}
