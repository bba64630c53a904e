/**
 * The one pass over a NodeSet2 file: its NamespaceUris, Aliases and Models, and one small entry
 * per Object, Variable, ObjectType and VariableType — NodeId, BrowseName, DisplayName, parent and
 * references as written, plus the value of the variables whose BrowseName is an identification
 * property. Each node element is a small tree read and let go; what is held is the address
 * space's skeleton, because a reference may name a node anywhere in the file, before or after.
 * Methods, views, data types and reference types are not read: nothing of a machine's identity
 * is in them.
 */
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf, readXml, serialize, textOf } from '../xml/read-xml';
import { NODESET_NAMESPACE } from './node-ids';
import { PROPERTY_NAMES } from './properties';
import type { UaValue } from './values';
import { own, readValue } from './values';

export const NODE_CLASSES = new Set(['UAObject', 'UAVariable', 'UAObjectType', 'UAVariableType']);
export type NodeClass = 'UAObject' | 'UAVariable' | 'UAObjectType' | 'UAVariableType';

export interface RawReference {
  /** the ReferenceType attribute as written: an alias (`HasComponent`) or a NodeId */
  readonly type: string;
  readonly target: string;
  readonly forward: boolean;
}

export interface RawNode {
  readonly nodeClass: NodeClass;
  /** as written (`ns=1;i=5003`); undefined when the element has none */
  readonly nodeId: string | undefined;
  readonly browseName: string;
  readonly displayName?: string;
  readonly parentNodeId?: string;
  readonly references: readonly RawReference[];
  /** variables named like an identification property only */
  readonly value?: UaValue;
  readonly line: number;
  readonly path: string;
  /** objects and identification properties: the element as received, for the record's original */
  readonly original?: string;
}

export interface NodeSetFile {
  root?: { readonly name: string; readonly uri: string };
  /** UANodeSet/@LastModified as written */
  lastModified?: string;
  namespaceUris: string[];
  readonly aliases: Map<string, string>;
  /** the first Models/Model: the model this file defines */
  model?: { readonly uri?: string; readonly publicationDate?: string; readonly line: number };
  readonly nodes: RawNode[];
  /** the XML could not be read to its end: where and why */
  problem?: { readonly line: number; readonly path: string; readonly reason: string };
}

/** One element as received is kept up to this many characters. */
const MAX_ORIGINAL = 64 * 1024;

export async function readNodeset(path: string): Promise<NodeSetFile> {
  const file: NodeSetFile = { namespaceUris: [], aliases: new Map(), nodes: [] };
  let isNodeset = false;
  const select = (name: string, uri: string, ancestors: readonly XmlNode[]): boolean => {
    const root = ancestors[0];
    if (root === undefined) {
      file.root = { name, uri };
      isNodeset = name === 'UANodeSet' && uri === NODESET_NAMESPACE;
      return false;
    }
    if (!isNodeset || ancestors.length !== 1 || uri !== NODESET_NAMESPACE) return false;
    if (file.lastModified === undefined && root.attrs.LastModified !== undefined) {
      file.lastModified = own(root.attrs.LastModified);
    }
    return (
      name === 'NamespaceUris' || name === 'Aliases' || name === 'Models' || NODE_CLASSES.has(name)
    );
  };
  for await (const item of readXml(path, select)) {
    if (item.kind === 'problem') {
      file.problem = { line: item.line, path: item.path, reason: item.reason };
      break;
    }
    const { node } = item;
    switch (node.name) {
      case 'NamespaceUris':
        file.namespaceUris = childrenOf(node, 'Uri').map((u) => own(textOf(u).trim()));
        break;
      case 'Aliases':
        for (const a of childrenOf(node, 'Alias')) {
          const alias = a.attrs.Alias;
          if (alias !== undefined) file.aliases.set(own(alias), own(textOf(a).trim()));
        }
        break;
      case 'Models': {
        const model = childOf(node, 'Model');
        if (model !== undefined && file.model === undefined) {
          file.model = {
            line: model.line,
            ...(model.attrs.ModelUri === undefined ? {} : { uri: own(model.attrs.ModelUri) }),
            ...(model.attrs.PublicationDate === undefined
              ? {}
              : { publicationDate: own(model.attrs.PublicationDate) }),
          };
        }
        break;
      }
      default:
        file.nodes.push(rawNode(node));
    }
  }
  return file;
}

function rawNode(node: XmlNode): RawNode {
  const nodeClass = node.name as NodeClass;
  const browseName = own(node.attrs.BrowseName ?? '');
  const references = childrenOf(childOf(node, 'References') ?? node, 'Reference').map((r) => ({
    type: own(r.attrs.ReferenceType ?? ''),
    target: own(textOf(r).trim()),
    forward: (r.attrs.IsForward ?? 'true').trim().toLowerCase() !== 'false',
  }));
  const display = childOf(node, 'DisplayName');
  const valueNode = childOf(node, 'Value');
  const isProperty =
    nodeClass === 'UAVariable' && PROPERTY_NAMES.has(browseName.replace(/^\d+:/, ''));
  const value = isProperty && valueNode !== undefined ? readValue(valueNode) : undefined;
  const original =
    nodeClass === 'UAObject' || isProperty ? serialize(node).slice(0, MAX_ORIGINAL) : undefined;
  return {
    nodeClass,
    nodeId: node.attrs.NodeId === undefined ? undefined : own(node.attrs.NodeId.trim()),
    browseName,
    references,
    line: node.line,
    path: own(node.path),
    ...(display === undefined ? {} : { displayName: own(textOf(display)) }),
    ...(node.attrs.ParentNodeId === undefined
      ? {}
      : { parentNodeId: own(node.attrs.ParentNodeId.trim()) }),
    ...(value === undefined ? {} : { value }),
    ...(original === undefined ? {} : { original }),
  };
}
