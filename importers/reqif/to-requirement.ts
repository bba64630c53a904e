/**
 * One SPEC-OBJECT → one canonical Requirement (source ALM), with its place in the hierarchy
 * (parentId, level) and the SPEC-RELATIONs it is the source of (links), as the first pass found
 * them. Rule numbers refer to MAPPING.md.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import { refuse, toRecord } from '../shared/to-record';
import type { Origin } from '../shared/to-record';
import { serialize } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';
import { refIn } from './definitions';
import type { Settings } from './options';
import { isRoleName, pick } from './roles';
import type { Structure } from './structure';
import { reqifTime } from './times';
import type { AttributeValue } from './values';
import { valuesOf } from './values';

export interface Header {
  readonly system: string | undefined;
  readonly creationTime: string | undefined;
}

export interface Context {
  readonly settings: Settings;
  readonly structure: Structure;
  readonly header: Header | undefined;
  /** the archive entry the document is, for element paths */
  readonly entry: string | undefined;
  /** an object IDENTIFIER → the requirement id it is known by (rule M2) */
  readonly idOf: (identifier: string) => string;
}

/** What is kept of the element as received (ALCOA+: original). */
export const MAX_ORIGINAL_CHARS = 64 * 1024;

const FIELDS: Record<string, string> = {
  'data.id': '@IDENTIFIER',
  'data.title': 'title attribute',
  'data.text': 'text attribute',
  'data.parentId': 'SPEC-HIERARCHY',
  'data.level': 'SPEC-HIERARCHY',
  recordedAt: '@LAST-CHANGE',
  system: 'REQ-IF-HEADER/SOURCE-TOOL-ID',
};

export function toRequirement(node: XmlNode, ctx: Context): ParsedLine {
  const original = serialize(node);
  const origin: Origin = {
    line: node.line,
    path: ctx.entry === undefined ? node.path : `${ctx.entry}!${node.path}`,
    original:
      original.length > MAX_ORIGINAL_CHARS ? original.slice(0, MAX_ORIGINAL_CHARS) : original,
    fieldName: (f) => FIELDS[f] ?? (f.startsWith('data.links') ? 'SPEC-RELATION' : f),
  };
  const { structure, settings } = ctx;
  const identifier = node.attrs.IDENTIFIER;
  if (identifier === undefined || identifier.trim() === '') {
    return refuse(origin, '@IDENTIFIER', 'SPEC-OBJECT has no IDENTIFIER (R1)');
  }

  // the object is in the file: its places and relations are not dangling, even if it is refused
  const placement = structure.placements.get(identifier);
  if (placement) placement.used = true;
  const related = structure.relations.get(identifier);
  if (related) related.used = true;

  // recordedAt (M8): the object's LAST-CHANGE, else the header's CREATION-TIME
  const changed = node.attrs['LAST-CHANGE'] ?? ctx.header?.creationTime;
  if (changed === undefined) {
    return refuse(
      origin,
      '@LAST-CHANGE',
      'neither the SPEC-OBJECT (LAST-CHANGE) nor the header (CREATION-TIME) says when it was recorded (R3)',
    );
  }
  const time = reqifTime(changed, settings.timezone);
  if ('problem' in time) {
    const field =
      node.attrs['LAST-CHANGE'] === undefined ? 'REQ-IF-HEADER/CREATION-TIME' : '@LAST-CHANGE';
    return refuse(origin, field, `${time.problem} (R4)`);
  }

  const typeId = refIn(node, 'TYPE');
  const type = typeId === undefined ? undefined : structure.defs.types.get(typeId);
  const values = valuesOf(node, structure.defs, type);
  const title = pick('title', values);
  let text = pick('text', values);
  const foreignId = pick('foreignId', values);
  if (!text && !declaresText(type, values, structure)) {
    // M4: a tool that names its text attribute its own way (EA: FUNC-REQ-TXT)
    text =
      values.find(
        (v) => v.kind === 'XHTML' && v !== title && v !== foreignId && v.text.trim() !== '',
      ) ??
      values.find(
        (v) => v.kind === 'STRING' && v !== title && v !== foreignId && v.text.trim() !== '',
      );
  }

  const attributes: Record<string, string | readonly string[]> = {};
  let size = (text?.text.length ?? 0) * 2 + (text?.xhtml?.length ?? 0) + (title?.text.length ?? 0);
  for (const v of values) {
    if (v === title || v === text || v === foreignId) continue;
    const name = v.name in attributes ? `${v.name} (${v.definitionId ?? ''})` : v.name;
    attributes[name] = v.labels && v.labels.length > 1 ? v.labels : v.text;
    size += name.length + v.text.length;
  }
  if (size > settings.maxRecordChars) {
    return refuse(
      origin,
      'VALUES',
      `the SPEC-OBJECT's values hold ${size} characters; at most ${settings.maxRecordChars} are kept in one record (R5)`,
    );
  }
  const plain = (v: AttributeValue | undefined) => {
    const t = v?.text.trim();
    return t === undefined || t === '' ? undefined : v?.kind === 'XHTML' ? t : v?.text;
  };
  const longName = node.attrs['LONG-NAME'];
  const linkList = related?.relations.map((r) => ({
    id: settings.id === 'foreign-id' ? (r.foreignId ?? r.identifier) : r.identifier,
    targetId: ctx.idOf(r.target),
    ...(r.typeRef === undefined
      ? {}
      : { type: structure.defs.types.get(r.typeRef)?.name ?? r.typeRef }),
    ...(r.foreignId === undefined ? {} : { foreignId: r.foreignId }),
  }));
  return toRecord(
    {
      kind: 'Requirement',
      source: 'ALM',
      system: ctx.header?.system,
      recordedAt: time.time,
      data: {
        id: ctx.idOf(identifier),
        title: plain(title) ?? (longName?.trim() ? longName : undefined),
        text: plain(text),
        level: placement ? String(placement.level) : undefined,
        parentId: placement?.parent === undefined ? undefined : ctx.idOf(placement.parent),
        links: linkList,
        reqifIdentifier: identifier,
        foreignId: foreignId?.text.trim(),
        type: type?.name ?? typeId,
        specification: placement?.spec,
        alsoUnder: placement?.more?.map((p) =>
          p.parent === undefined ? p.spec : ctx.idOf(p.parent),
        ),
        textXhtml: text?.xhtml,
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      },
    },
    origin,
  );
}

/** Whether the object's type (or, its type unknown, the object) has an attribute named as text. */
function declaresText(
  type: { readonly attributes: readonly string[] } | undefined,
  values: readonly AttributeValue[],
  structure: Structure,
): boolean {
  if (type) {
    return type.attributes.some((id) =>
      isRoleName('text', structure.defs.attributes.get(id)?.name ?? id),
    );
  }
  return values.some((v) => isRoleName('text', v.name));
}
