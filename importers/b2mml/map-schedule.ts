/**
 * ProductionRequest / OperationsRequest (in a production or operations schedule) → WorkOrder:
 * its ID, the material it produces (the produced material requirement nearest the request),
 * that requirement's quantity, its request state and site. Segment requirements are plans, not
 * consumption: nothing else is emitted from a schedule.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { XmlNode } from '../xml/read-xml';
import { childrenOf } from '../xml/read-xml';
import type { Scope } from './scope';
import { emit, refuseAt } from './scope';
import { childText, readQuantity } from './values';

export function mapRequest(node: XmlNode, scope: Scope): ParsedLine[] {
  const id = childText(node, 'ID');
  if (id === undefined) {
    return [refuseAt(node, 'ID', `WorkOrder: the ${node.name} has no ID`)];
  }
  const produced = producedRequirements(node);
  const materials = new Set(
    produced.map((r) => childText(r, 'MaterialDefinitionID')).filter((m) => m !== undefined),
  );
  // one produced material: the order's part; several: no single part to name
  const first = materials.size === 1 ? produced[0] : undefined;
  const q = first === undefined ? { value: undefined } : readQuantity(first);
  if ('problem' in q) {
    return [refuseAt(first ?? node, 'Quantity/QuantityString', `WorkOrder: quantity ${q.problem}`)];
  }
  const site = scope.site(node);
  return [
    emit(scope, node, {
      kind: 'WorkOrder',
      source: 'ERP',
      site,
      recordedAt: scope.recordedAt(),
      data: {
        id,
        partNumber: first === undefined ? undefined : childText(first, 'MaterialDefinitionID'),
        quantity: q.value?.value,
        unitOfMeasure: q.value?.unit,
        site,
        status: childText(node, 'RequestState'),
      },
      fields: { id: 'ID', partNumber: 'MaterialRequirement/MaterialDefinitionID' },
    }),
  ];
}

/** The produced material requirements at the shallowest segment depth that has any. */
function producedRequirements(node: XmlNode): XmlNode[] {
  let level = [node];
  while (level.length > 0) {
    const found = level.flatMap((n) =>
      childrenOf(n, 'MaterialRequirement').filter(
        (r) => childText(r, 'MaterialUse')?.toLowerCase() === 'produced',
      ),
    );
    if (found.length > 0) return found;
    level = level.flatMap((n) => childrenOf(n, 'SegmentRequirement'));
  }
  return [];
}
