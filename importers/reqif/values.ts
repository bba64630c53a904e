/**
 * The attribute values of a SPEC-OBJECT (or SPEC-RELATION): each ATTRIBUTE-VALUE-* read by its
 * definition's name, as plain text — enumeration values as their labels, XHTML as readable text
 * with its markup kept — followed by the defaults of the type's attributes the element gives no
 * value for.
 */
import { childOf, childrenOf } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';
import type { Definitions, SpecType } from './definitions';
import { refIn } from './definitions';
import { markup, plainText } from './xhtml';

export interface AttributeValue {
  /** the ATTRIBUTE-DEFINITION-*-REF, when given */
  readonly definitionId: string | undefined;
  /** the definition's name; its identifier when the definition is not in the file */
  readonly name: string;
  /** STRING, XHTML, ENUMERATION, INTEGER, REAL, BOOLEAN, DATE */
  readonly kind: string;
  /** the value as plain text ('' when empty) */
  readonly text: string;
  /** XHTML values: the markup, prefixes dropped */
  readonly xhtml?: string;
  /** enumeration values: the labels, in order */
  readonly labels?: readonly string[];
  /** taken from the definition's DEFAULT-VALUE */
  readonly isDefault: boolean;
}

function readValue(node: XmlNode, defs: Definitions, isDefault: boolean): AttributeValue {
  const kind = node.name.slice('ATTRIBUTE-VALUE-'.length);
  const definitionId = refIn(node, 'DEFINITION');
  const def = definitionId === undefined ? undefined : defs.attributes.get(definitionId);
  const name = def?.name ?? definitionId ?? node.name;
  if (kind === 'XHTML') {
    const content = childOf(node, 'THE-VALUE')?.content ?? [];
    return {
      definitionId,
      name,
      kind,
      text: plainText(content),
      xhtml: markup(content),
      isDefault,
    };
  }
  if (kind === 'ENUMERATION') {
    const labels = childrenOf(childOf(node, 'VALUES') ?? node, 'ENUM-VALUE-REF').map((ref) => {
      const id = ref.content
        .filter((c): c is string => typeof c === 'string')
        .join('')
        .trim();
      return defs.enumLabels.get(id) ?? id;
    });
    return { definitionId, name, kind, text: labels.join(', '), labels, isDefault };
  }
  return { definitionId, name, kind, text: node.attrs['THE-VALUE'] ?? '', isDefault };
}

/** The element's values, then the defaults of its type's attributes it gives no value for. */
export function valuesOf(
  node: XmlNode,
  defs: Definitions,
  type: SpecType | undefined,
): AttributeValue[] {
  const values = childrenOf(childOf(node, 'VALUES') ?? node, undefined)
    .filter((c) => c.name.startsWith('ATTRIBUTE-VALUE-'))
    .map((c) => readValue(c, defs, false));
  if (type) {
    const given = new Set(values.map((v) => v.definitionId));
    for (const id of type.attributes) {
      const fallback = given.has(id) ? undefined : defs.attributes.get(id)?.defaultValue;
      if (fallback)
        values.push({
          ...readValue(fallback, defs, true),
          definitionId: id,
          name: defs.attributes.get(id)?.name ?? id,
        });
    }
  }
  return values;
}
