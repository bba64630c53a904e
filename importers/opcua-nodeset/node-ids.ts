/**
 * NodeIds and BrowseNames as a NodeSet writes them (`ns=1;i=5003`, `i=58`, `3:Identification`),
 * read through the file's own NamespaceUris: a node is known by the URI of its namespace, never
 * by the index a file happens to give it, so files that number their namespaces differently (or
 * were built on other versions of the companion models) name the same node the same way.
 */

/** OPC UA's own namespace: index 0 in every file. */
export const UA_NAMESPACE = 'http://opcfoundation.org/UA/';
/** OPC UA for Devices (DI): the nameplate properties (Manufacturer, SerialNumber, AssetId, …). */
export const DI_NAMESPACE = 'http://opcfoundation.org/UA/DI/';
/** OPC UA for Machinery: the machine's Identification and its own properties (YearOfConstruction, …). */
export const MACHINERY_NAMESPACE = 'http://opcfoundation.org/UA/Machinery/';
export const MACHINE_TOOL_NAMESPACE = 'http://opcfoundation.org/UA/MachineTool/';
/** The namespace of a NodeSet2 file's elements. */
export const NODESET_NAMESPACE = 'http://opcfoundation.org/UA/2011/03/UANodeSet.xsd';

/** A node's identity: the ExpandedNodeId text `nsu=<namespace URI>;i=5003`. */
export type NodeKey = string;

/** Index → URI, as the file's NamespaceUris declare them (index 0 is OPC UA's own). */
export class Namespaces {
  constructor(private readonly declared: readonly string[]) {}

  uriOf(index: number): string | undefined {
    return index === 0 ? UA_NAMESPACE : this.declared[index - 1];
  }
}

const NODE_ID = /^(?:ns=(\d+);)?(?:nsu=([^;]*);)?([isgb])=([\s\S]*)$/;

/**
 * A NodeId as written (or an alias of one) → its key. An index the file does not declare keeps
 * its `ns=N` form, so it can never be taken for a node of a known namespace. Undefined: not a
 * NodeId at all.
 */
export function nodeKey(
  text: string,
  namespaces: Namespaces,
  aliases: ReadonlyMap<string, string> = new Map(),
): NodeKey | undefined {
  const written = (aliases.get(text.trim()) ?? text).trim();
  const m = NODE_ID.exec(written);
  if (m === null) return undefined;
  const [, index, nsu, type, id] = m;
  const uri = nsu ?? namespaces.uriOf(Number(index ?? 0));
  return uri === undefined ? `ns=${String(index)};${type}=${id}` : `nsu=${uri};${type}=${id}`;
}

/** The key of a node of a namespace known by URI: `nsu=<uri>;i=<n>`. */
export function known(uri: string, numeric: number): NodeKey {
  return `nsu=${uri};i=${numeric}`;
}

export interface QualifiedName {
  /** undefined: the prefix names an index the file does not declare */
  readonly uri: string | undefined;
  readonly name: string;
}

/** A BrowseName as written (`3:Identification`; no prefix: namespace 0) → its namespace URI and name. */
export function qualifiedName(text: string, namespaces: Namespaces): QualifiedName {
  const m = /^(\d+):([\s\S]*)$/.exec(text);
  if (m === null) return { uri: UA_NAMESPACE, name: text };
  return { uri: namespaces.uriOf(Number(m[1])), name: m[2] ?? '' };
}

/** The reference types the mapping follows, by their OPC UA NodeIds. */
export const REF = {
  organizes: known(UA_NAMESPACE, 35),
  hasModellingRule: known(UA_NAMESPACE, 37),
  hasTypeDefinition: known(UA_NAMESPACE, 40),
  hasProperty: known(UA_NAMESPACE, 46),
  hasComponent: known(UA_NAMESPACE, 47),
  hasOrderedComponent: known(UA_NAMESPACE, 49),
  hasAddIn: known(UA_NAMESPACE, 17604),
} as const;

/** BaseObjectType: says nothing about what a machine is. */
export const BASE_OBJECT_TYPE = known(UA_NAMESPACE, 58);

/**
 * The identification types of the Machinery and MachineTool models: an Object of one of these
 * types is an identification whatever its BrowseName (the Machinery example names a component's
 * `1:Identification`, in its own namespace). Their NodeIds have not changed from Machinery 1.0 to
 * 1.04 nor MachineTool 1.0 to 1.02.
 */
export const IDENTIFICATION_TYPES: ReadonlySet<NodeKey> = new Set([
  known(MACHINERY_NAMESPACE, 1004), // MachineryItemIdentificationType
  known(MACHINERY_NAMESPACE, 1005), // MachineryComponentIdentificationType
  known(MACHINERY_NAMESPACE, 1012), // MachineIdentificationType
  known(MACHINE_TOOL_NAMESPACE, 11), // MachineToolIdentificationType
]);
