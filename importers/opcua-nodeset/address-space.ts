/**
 * The file's nodes as an address space: every node known by its namespace URI and identifier,
 * every reference followed from either end (a NodeSet may write a reference on its source, on its
 * target with IsForward="false", or on both), and the questions the mapping asks of it: which
 * Objects are machine instances with an Identification, and which are part of a type.
 */
import type { NodeKey, QualifiedName } from './node-ids';
import {
  DI_NAMESPACE,
  IDENTIFICATION_TYPES,
  MACHINERY_NAMESPACE,
  Namespaces,
  REF,
  nodeKey,
  qualifiedName,
} from './node-ids';
import { PROPERTY_NAMES } from './properties';
import type { NodeSetFile, RawNode } from './read-nodeset';

export interface UaNode {
  readonly key: NodeKey;
  readonly raw: RawNode;
  readonly browse: QualifiedName;
}

/** A node the file declares twice: the first is read, this one is refused (rule R6). */
export interface Unreadable {
  readonly raw: RawNode;
  readonly reason: string;
}

interface Edge {
  readonly type: NodeKey;
  readonly node: NodeKey;
}

/** Owner → Identification: the references by which a machine holds its nameplate. */
const HOLDS = new Set([REF.hasAddIn, REF.hasComponent, REF.hasOrderedComponent]);
/** Identification → its properties (a DI FunctionalGroup Organizes its device's properties). */
const NAMEPLATE = new Set([
  REF.hasProperty,
  REF.hasComponent,
  REF.hasOrderedComponent,
  REF.organizes,
]);
/** Child → parent in a type's or an instance's own structure. */
const STRUCTURE = new Set([
  REF.hasProperty,
  REF.hasComponent,
  REF.hasOrderedComponent,
  REF.hasAddIn,
]);
/** Component → the machine around it (a folder Organizes machines and components too). */
const AROUND = new Set([REF.hasComponent, REF.hasOrderedComponent, REF.hasAddIn, REF.organizes]);

export interface MachineIdentification {
  /** the instance the nameplate describes */
  readonly machine: UaNode;
  readonly identification: UaNode;
  /** property name (`SerialNumber`) → its variable, in the DI or Machinery namespace */
  readonly properties: ReadonlyMap<string, UaNode>;
}

export class AddressSpace {
  readonly nodes = new Map<NodeKey, UaNode>();
  readonly unreadable: Unreadable[] = [];
  private readonly forward = new Map<NodeKey, Edge[]>();
  private readonly inverse = new Map<NodeKey, Edge[]>();
  private readonly parents = new Map<NodeKey, NodeKey>();
  private readonly inType = new Map<NodeKey, boolean>();
  private readonly namespaces: Namespaces;

  constructor(file: NodeSetFile) {
    this.namespaces = new Namespaces(file.namespaceUris);
    const key = (text: string) => nodeKey(text, this.namespaces, file.aliases);
    const first = new Map<NodeKey, RawNode>();
    for (const raw of file.nodes) {
      const k = raw.nodeId === undefined ? undefined : key(raw.nodeId);
      if (k === undefined) {
        this.unreadable.push({
          raw,
          reason: `a <${raw.nodeClass}> without a NodeId (${JSON.stringify(raw.nodeId ?? '')}) cannot be referenced`,
        });
        continue;
      }
      const before = first.get(k);
      if (before !== undefined) {
        this.unreadable.push({
          raw,
          reason: `NodeId ${String(raw.nodeId)} is declared twice (line ${before.line} and here): the first is read`,
        });
        continue;
      }
      first.set(k, raw);
      this.nodes.set(k, { key: k, raw, browse: qualifiedName(raw.browseName, this.namespaces) });
    }
    const seen = new Set<string>();
    for (const node of this.nodes.values()) {
      const parent = node.raw.parentNodeId === undefined ? undefined : key(node.raw.parentNodeId);
      if (parent !== undefined) this.parents.set(node.key, parent);
      for (const r of node.raw.references) {
        const type = key(r.type);
        const other = key(r.target);
        if (type === undefined || other === undefined) continue;
        const [from, to] = r.forward ? [node.key, other] : [other, node.key];
        const id = `${from}\n${type}\n${to}`;
        if (seen.has(id)) continue;
        seen.add(id);
        push(this.forward, from, { type, node: to });
        push(this.inverse, to, { type, node: from });
      }
    }
  }

  /** The nodes this one references forward by one of `types`, in the file (document order). */
  targets(key: NodeKey, types: ReadonlySet<NodeKey>): UaNode[] {
    return this.inFile((this.forward.get(key) ?? []).filter((e) => types.has(e.type)));
  }

  /** The nodes that reference this one forward by one of `types`, in the file (document order). */
  sources(key: NodeKey, types: ReadonlySet<NodeKey>): UaNode[] {
    return this.inFile((this.inverse.get(key) ?? []).filter((e) => types.has(e.type)));
  }

  typeDefinition(key: NodeKey): NodeKey | undefined {
    return this.forward.get(key)?.find((e) => e.type === REF.hasTypeDefinition)?.node;
  }

  /**
   * Part of a type, not a machine: an ObjectType or VariableType, an instance declaration (it has
   * a ModellingRule), or a node inside one (through its ParentNodeId or the structure above it).
   */
  isPartOfType(key: NodeKey): boolean {
    const known = this.inType.get(key);
    if (known !== undefined) return known;
    this.inType.set(key, false); // a cycle in bad data ends here
    const node = this.nodes.get(key);
    const parent = this.parents.get(key);
    const above = [
      ...(parent === undefined ? [] : [parent]),
      ...this.sources(key, STRUCTURE).map((n) => n.key),
    ];
    const answer =
      node !== undefined &&
      (node.raw.nodeClass === 'UAObjectType' ||
        node.raw.nodeClass === 'UAVariableType' ||
        (this.forward.get(key) ?? []).some((e) => e.type === REF.hasModellingRule) ||
        above.some((k) => this.isPartOfType(k)));
    this.inType.set(key, answer);
    return answer;
  }

  /**
   * The nodes around this one, nearest first (breadth first, each once): its ParentNodeId and
   * whatever holds or organizes it, then theirs.
   */
  *around(key: NodeKey): Generator<UaNode> {
    const seen = new Set([key]);
    let level = [key];
    while (level.length > 0) {
      const next: NodeKey[] = [];
      for (const k of level) {
        const parent = this.parents.get(k);
        const up = [
          ...(parent === undefined ? [] : [parent]),
          ...this.sources(k, AROUND).map((n) => n.key),
        ];
        for (const u of up) {
          if (seen.has(u)) continue;
          seen.add(u);
          next.push(u);
          const node = this.nodes.get(u);
          if (node !== undefined) yield node;
        }
      }
      level = next;
    }
  }

  /**
   * Every machine instance with an Identification, in document order of the Identification: an
   * Object whose BrowseName is `Identification` in the DI or Machinery namespace, or whose type
   * is one of the identification types (node-ids.ts), held (HasAddIn, HasComponent) by an Object
   * that is not part of a type. An Identification held by nothing (DI's design-tool-only one)
   * describes no machine.
   */
  identifications(): MachineIdentification[] {
    const out: MachineIdentification[] = [];
    for (const node of this.nodes.values()) {
      if (node.raw.nodeClass !== 'UAObject' || !this.isIdentification(node)) continue;
      const machine = this.holder(node);
      if (machine === undefined || this.isPartOfType(machine.key)) continue;
      const properties = new Map<string, UaNode>();
      for (const p of this.targets(node.key, NAMEPLATE)) {
        if (p.raw.nodeClass !== 'UAVariable') continue;
        const { uri, name } = p.browse;
        if (uri !== DI_NAMESPACE && uri !== MACHINERY_NAMESPACE) continue;
        if (PROPERTY_NAMES.has(name) && !properties.has(name)) properties.set(name, p);
      }
      out.push({ machine, identification: node, properties });
    }
    return out;
  }

  /** A node as the file writes its NodeId (`ns=1;i=5003`), for people reading refusals. */
  written(node: UaNode): string {
    return node.raw.nodeId ?? node.key;
  }

  /**
   * The Object whose nameplate this is. Machinery references the Identification twice — from the
   * machine (HasAddIn) and from the machine's MachineryBuildingBlocks folder — so among the holders
   * the outermost is taken: one not itself held by another holder. Held by a type: none.
   */
  private holder(identification: UaNode): UaNode | undefined {
    const holders = this.sources(identification.key, HOLDS);
    if (holders.some((h) => h.raw.nodeClass !== 'UAObject')) return undefined;
    const keys = new Set(holders.map((h) => h.key));
    return holders.find((h) => !this.sources(h.key, HOLDS).some((above) => keys.has(above.key)));
  }

  private isIdentification(node: UaNode): boolean {
    const { uri, name } = node.browse;
    if (name === 'Identification' && (uri === DI_NAMESPACE || uri === MACHINERY_NAMESPACE)) {
      return true;
    }
    const type = this.typeDefinition(node.key);
    return type !== undefined && IDENTIFICATION_TYPES.has(type);
  }

  private inFile(edges: readonly Edge[]): UaNode[] {
    return edges
      .map((e) => this.nodes.get(e.node))
      .filter((n): n is UaNode => n !== undefined)
      .sort((a, b) => a.raw.line - b.raw.line);
  }
}

function push(map: Map<NodeKey, Edge[]>, key: NodeKey, edge: Edge): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edge]);
  else list.push(edge);
}
