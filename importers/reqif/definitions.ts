/**
 * The definitions a ReqIF exchange declares before its content — enumeration values, the
 * attribute definitions of spec object, relation and specification types, the types' names —
 * collected by identifier so that values and references can be read by name. Across every
 * document of an archive: one document may use the types another declares.
 */
import { childOf, childrenOf, textOf } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';

export interface AttributeDefinition {
  readonly id: string;
  /** LONG-NAME, else IDENTIFIER (Enterprise Architect writes no LONG-NAME) */
  readonly name: string;
  /** STRING, XHTML, ENUMERATION, INTEGER, REAL, BOOLEAN, DATE */
  readonly valueKind: string;
  /** DEFAULT-VALUE's ATTRIBUTE-VALUE-* element: applies where an object gives no value */
  readonly defaultValue?: XmlNode;
}

export interface SpecType {
  readonly id: string;
  readonly name: string;
  /** identifiers of its attribute definitions, in order */
  readonly attributes: readonly string[];
}

export class Definitions {
  readonly attributes = new Map<string, AttributeDefinition>();
  readonly enumLabels = new Map<string, string>();
  readonly types = new Map<string, SpecType>();

  /** Reads a child of DATATYPES or SPEC-TYPES. */
  add(node: XmlNode): void {
    const id = node.attrs.IDENTIFIER;
    if (id === undefined) return;
    if (node.name === 'DATATYPE-DEFINITION-ENUMERATION') {
      for (const values of childrenOf(node, 'SPECIFIED-VALUES')) {
        for (const value of childrenOf(values, 'ENUM-VALUE')) {
          const valueId = value.attrs.IDENTIFIER;
          if (valueId !== undefined) this.enumLabels.set(valueId, nameOf(value) ?? valueId);
        }
      }
      return;
    }
    if (!node.name.endsWith('-TYPE')) return;
    const attributes: string[] = [];
    for (const group of childrenOf(node, 'SPEC-ATTRIBUTES')) {
      for (const def of childrenOf(group)) {
        const defId = def.attrs.IDENTIFIER;
        if (defId === undefined || !def.name.startsWith('ATTRIBUTE-DEFINITION-')) continue;
        const holder = childOf(def, 'DEFAULT-VALUE');
        const defaultValue =
          holder && childrenOf(holder).find((c) => c.name.startsWith('ATTRIBUTE-VALUE-'));
        attributes.push(defId);
        this.attributes.set(defId, {
          id: defId,
          name: nameOf(def) ?? defId,
          valueKind: def.name.slice('ATTRIBUTE-DEFINITION-'.length),
          ...(defaultValue ? { defaultValue } : {}),
        });
      }
    }
    this.types.set(id, { id, name: nameOf(node) ?? id, attributes });
  }
}

/** LONG-NAME when it says something. */
export function nameOf(node: XmlNode): string | undefined {
  const name = node.attrs['LONG-NAME'];
  return name === undefined || name.trim() === '' ? undefined : name;
}

/** The text of the first *-REF element inside the named child (TYPE, DEFINITION, SOURCE, …). */
export function refIn(node: XmlNode, child: string): string | undefined {
  const holder = childOf(node, child);
  const ref = holder && childrenOf(holder).find((c) => c.name.endsWith('-REF'));
  const text = ref && textOf(ref).trim();
  return text === undefined || text === '' ? undefined : text;
}
