/**
 * The first pass over every document: what a requirement needs but the file only says after
 * the SPEC-OBJECTs — the definitions (types, attribute names, enumeration labels), where each
 * object sits in the SPECIFICATIONS' hierarchy, and the SPEC-RELATIONs by their source object.
 * The SPEC-OBJECTs themselves are not held (the second pass streams them); what is held is a few
 * identifiers per object, hierarchy node and relation.
 */
import { childrenOf, textOf } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';
import { Definitions, nameOf, refIn } from './definitions';
import type { Settings } from './options';
import { readDocument } from './read-document';
import type { ReqifDocument } from './read-document';
import { pick } from './roles';
import { valuesOf } from './values';

/** A refusal found while reading: where, the field, why. */
export interface Finding {
  /** index of the document in the archive (0 for a plain file): orders findings */
  readonly doc: number;
  readonly entry: string | undefined;
  readonly line: number;
  readonly path: string;
  readonly field?: string;
  readonly reason: string;
}

/** One place of an object in a specification's hierarchy. */
export interface Placement {
  /** the parent hierarchy node's object (IDENTIFIER); undefined at the top or when unknown */
  parent: string | undefined;
  /** depth below the SPECIFICATION: 1 at its top */
  readonly level: number;
  /** the SPECIFICATION's LONG-NAME, else IDENTIFIER */
  readonly spec: string;
  readonly node: string;
  readonly doc: number;
  readonly entry: string | undefined;
  readonly line: number;
  /** set when the object was read: what is left unused names objects not in the file */
  used: boolean;
  /** further places of the same object, in document order */
  more?: Placement[];
}

export interface Relation {
  readonly identifier: string;
  readonly foreignId: string | undefined;
  readonly target: string;
  readonly typeRef: string | undefined;
  readonly doc: number;
  readonly entry: string | undefined;
  readonly line: number;
}

export interface RelationsOf {
  readonly relations: Relation[];
  used: boolean;
}

export interface Structure {
  readonly defs: Definitions;
  /** by object IDENTIFIER: its first place (others in `more`) */
  readonly placements: Map<string, Placement>;
  /** by source object IDENTIFIER */
  readonly relations: Map<string, RelationsOf>;
  /** foreign-id choice only: each object's visible id, and how many objects carry it */
  readonly foreignIds: Map<string, string>;
  readonly foreignIdCounts: Map<string, number>;
  /** relations refused as they were read (no source, target or identifier) */
  readonly findings: Finding[];
  /** per document: the problem that ended the first pass early, if any */
  readonly brokeOff: Map<number, Finding>;
}

/**
 * A copy of an identifier that holds only its own characters: the parser's strings may be
 * slices of the text chunk they were read from, which a held slice would keep alive.
 */
const own = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

const under = (ancestors: readonly XmlNode[], name: string) => ancestors.at(-1)?.name === name;

export async function readStructure(
  documents: readonly ReqifDocument[],
  settings: Settings,
): Promise<Structure> {
  const s: Structure = {
    defs: new Definitions(),
    placements: new Map(),
    relations: new Map(),
    foreignIds: new Map(),
    foreignIdCounts: new Map(),
    findings: [],
    brokeOff: new Map(),
  };
  const wantObjects = settings.id === 'foreign-id';
  for (const [doc, document] of documents.entries()) {
    const hierarchy = new HierarchyReader(s, doc, document.entry);
    const items = readDocument(
      document,
      (name, ancestors) =>
        under(ancestors, 'DATATYPES') ||
        under(ancestors, 'SPEC-TYPES') ||
        (name === 'SPEC-RELATION' && under(ancestors, 'SPEC-RELATIONS')) ||
        (name === 'OBJECT' && under(ancestors, 'SPEC-HIERARCHY')) ||
        (wantObjects && name === 'SPEC-OBJECT' && under(ancestors, 'SPEC-OBJECTS')),
      settings,
    );
    for await (const item of items) {
      if (item.kind === 'problem') {
        s.brokeOff.set(doc, { doc, entry: document.entry, ...item });
        break;
      }
      const { node, ancestors } = item;
      if (node.name === 'OBJECT') hierarchy.object(node, ancestors);
      else if (node.name === 'SPEC-RELATION') readRelation(s, node, doc, document.entry);
      else if (node.name === 'SPEC-OBJECT') readForeignId(s, node);
      else s.defs.add(node);
    }
  }
  return s;
}

function readRelation(s: Structure, node: XmlNode, doc: number, entry: string | undefined): void {
  const where = { doc, entry, line: node.line };
  const identifier = node.attrs.IDENTIFIER;
  const source = refIn(node, 'SOURCE');
  const target = refIn(node, 'TARGET');
  const refusal = (field: string, reason: string): void => {
    s.findings.push({ ...where, path: node.path, field, reason: `SPEC-RELATION: ${reason} (R8)` });
  };
  if (identifier === undefined || identifier.trim() === '') {
    return refusal('@IDENTIFIER', 'has no IDENTIFIER');
  }
  if (source === undefined) return refusal('SOURCE', `${identifier} names no source SPEC-OBJECT`);
  if (target === undefined) return refusal('TARGET', `${identifier} names no target SPEC-OBJECT`);
  const typeRef = refIn(node, 'TYPE');
  const foreignId = pick('foreignId', valuesOf(node, s.defs, undefined))?.text.trim();
  const relation: Relation = {
    identifier: own(identifier),
    foreignId: foreignId === undefined ? undefined : own(foreignId),
    target: own(target),
    typeRef,
    ...where,
  };
  const held = s.relations.get(source);
  if (held) held.relations.push(relation);
  else s.relations.set(own(source), { relations: [relation], used: false });
}

function readForeignId(s: Structure, node: XmlNode) {
  const identifier = node.attrs.IDENTIFIER;
  if (identifier === undefined) return;
  const type = s.defs.types.get(refIn(node, 'TYPE') ?? '');
  const foreignId = pick('foreignId', valuesOf(node, s.defs, type))?.text.trim();
  if (foreignId === undefined || foreignId === '') return;
  s.foreignIds.set(own(identifier), own(foreignId));
  s.foreignIdCounts.set(foreignId, (s.foreignIdCounts.get(foreignId) ?? 0) + 1);
}

/**
 * Places objects from the OBJECT elements of SPEC-HIERARCHY nodes, using the nodes around each
 * one. A node's OBJECT usually comes before its CHILDREN; when it comes after (the ReqIF schema
 * allows either), its children wait for it. Only the nodes on the current path are held.
 */
class HierarchyReader {
  /** hierarchy node IDENTIFIER → its object, for the nodes on the current path */
  private readonly known = new Map<string, string>();
  /** hierarchy node IDENTIFIER → children placed before the node's OBJECT was read */
  private readonly waiting = new Map<string, Placement[]>();

  constructor(
    private readonly s: Structure,
    private readonly doc: number,
    private readonly entry: string | undefined,
  ) {}

  object(node: XmlNode, ancestors: readonly XmlNode[]): void {
    const chain = ancestors.filter((a) => a.name === 'SPEC-HIERARCHY');
    const ids = chain.map((h, i) => h.attrs.IDENTIFIER ?? `${h.path}#${i}`);
    const onPath = new Set(ids);
    for (const id of this.known.keys()) if (!onPath.has(id)) this.known.delete(id);
    for (const id of this.waiting.keys()) if (!onPath.has(id)) this.waiting.delete(id);
    const ref = childrenOf(node).find((c) => c.name.endsWith('-REF'));
    const text = ref && textOf(ref).trim();
    const object = text === undefined || text === '' ? undefined : own(text);
    const self = ids.at(-1);
    const hierarchyNode = chain.at(-1);
    if (object === undefined || self === undefined || !hierarchyNode) return;
    const spec = ancestors.find((a) => a.name === 'SPECIFICATION');
    const parentNode = ids.at(-2);
    const placement: Placement = {
      parent: parentNode === undefined ? undefined : this.known.get(parentNode),
      level: chain.length,
      spec: (spec && (nameOf(spec) ?? spec.attrs.IDENTIFIER)) ?? '',
      node: own(hierarchyNode.attrs.IDENTIFIER ?? ''),
      doc: this.doc,
      entry: this.entry,
      line: hierarchyNode.line,
      used: false,
    };
    if (parentNode !== undefined && placement.parent === undefined) {
      const list = this.waiting.get(parentNode) ?? [];
      list.push(placement);
      this.waiting.set(parentNode, list);
    }
    this.known.set(self, object);
    for (const child of this.waiting.get(self) ?? []) child.parent = object;
    this.waiting.delete(self);
    const first = this.s.placements.get(object);
    if (!first) this.s.placements.set(object, placement);
    else (first.more ??= []).push(placement);
  }
}
