/**
 * Equipment (a role-based hierarchy: enterprise, site, area, … nested in one another) → one
 * Equipment record per node, its id kept, its parent noted, its site the nearest Site-level node
 * at or above it (else the hierarchy scope, else the option).
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf } from '../xml/read-xml';
import type { Scope } from './scope';
import { descriptionOf, emit, refuseAt } from './scope';
import { childText } from './values';

export function mapEquipment(node: XmlNode, scope: Scope): ParsedLine[] {
  return walk(node, scope, undefined, undefined);
}

/** V0401–V0600 write EquipmentElementLevel; V0700 EquipmentLevel (as text, or as a scope). */
function levelOf(node: XmlNode): string | undefined {
  const direct = childText(node, 'EquipmentElementLevel') ?? childText(node, 'EquipmentLevel');
  const level = childOf(node, 'EquipmentLevel');
  if (level !== undefined && childrenOf(level).length > 0) {
    return childText(level, 'EquipmentElementLevel') ?? childText(level, 'EquipmentLevel');
  }
  return direct;
}

function walk(
  node: XmlNode,
  scope: Scope,
  parentId: string | undefined,
  parentSite: string | undefined,
): ParsedLine[] {
  const id = childText(node, 'ID');
  const level = levelOf(node);
  const site = level?.toLowerCase() === 'site' && id !== undefined ? id : parentSite;
  const out: ParsedLine[] = [];
  if (id === undefined) {
    out.push(refuseAt(node, 'ID', 'Equipment: the Equipment element has no ID'));
  } else {
    out.push(
      emit(scope, node, {
        kind: 'Equipment',
        source: 'MES',
        site: site ?? scope.site(node),
        recordedAt: scope.recordedAt(),
        data: {
          id,
          name: descriptionOf(node),
          type: childText(node, 'EquipmentClassID') ?? level,
          site: site ?? scope.site(node),
          parentId,
          equipmentLevel: level,
        },
        fields: { id: 'ID', name: 'Description', type: 'EquipmentClassID' },
      }),
    );
  }
  for (const child of childrenOf(node, 'Equipment')) {
    out.push(...walk(child, scope, id ?? parentId, site));
  }
  return out;
}
