/**
 * MaterialDefinition → Part, MaterialLot → Lot, MaterialSubLot → Lot of its own with its parent
 * lot noted. The material master is the sender's claim: ERP by default (kept by the importer as a
 * governance violation, Part's authority being PLM), PLM where the site's agreement says so.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { XmlNode } from '../xml/read-xml';
import { childrenOf } from '../xml/read-xml';
import type { Scope } from './scope';
import { descriptionOf, emit, refuseAt } from './scope';
import { childText, readQuantity } from './values';

export function mapMaterialDefinition(node: XmlNode, scope: Scope): ParsedLine[] {
  const id = childText(node, 'ID');
  if (id === undefined) return [refuseAt(node, 'ID', 'Part: the MaterialDefinition has no ID')];
  return [
    emit(scope, node, {
      kind: 'Part',
      source: scope.message.options.materialSource,
      site: scope.site(node),
      recordedAt: scope.recordedAt(),
      data: { partNumber: id, name: descriptionOf(node) },
      fields: { partNumber: 'ID', name: 'Description' },
    }),
  ];
}

/**
 * A lot and its sublots. A MaterialLot holding nothing but its ID (and sublots) is a wrapper for
 * its sublots, not a statement about the lot: it yields no Lot of its own.
 */
export function mapMaterialLot(node: XmlNode, scope: Scope): ParsedLine[] {
  const id = childText(node, 'ID');
  if (id === undefined) return [refuseAt(node, 'ID', 'Lot: the MaterialLot has no ID')];
  const part = childText(node, 'MaterialDefinitionID') ?? scope.headerText('ID', 'materialInfo');
  const out: ParsedLine[] = [];
  const wrapper = childrenOf(node).every((c) => c.name === 'ID' || c.name === 'MaterialSubLot');
  if (!wrapper) out.push(lotRecord(node, scope, id, part, undefined));
  for (const sub of childrenOf(node, 'MaterialSubLot'))
    out.push(...mapSubLot(sub, scope, id, part));
  return out;
}

/** A sublot (top-level, or inside a lot or sublot): its own Lot with parentLotNumber. */
export function mapSubLot(
  node: XmlNode,
  scope: Scope,
  parentLot: string | undefined,
  part: string | undefined,
): ParsedLine[] {
  const id = childText(node, 'ID');
  if (id === undefined) return [refuseAt(node, 'ID', 'Lot: the MaterialSubLot has no ID')];
  const parent = parentLot ?? childText(node, 'MaterialLotID');
  const material =
    part ?? childText(node, 'MaterialDefinitionID') ?? scope.headerText('ID', 'materialInfo');
  const out = [lotRecord(node, scope, id, material, parent)];
  for (const sub of childrenOf(node, 'MaterialSubLot'))
    out.push(...mapSubLot(sub, scope, id, material));
  return out;
}

function lotRecord(
  node: XmlNode,
  scope: Scope,
  lotNumber: string,
  partNumber: string | undefined,
  parentLotNumber: string | undefined,
): ParsedLine {
  const q = readQuantity(node);
  if ('problem' in q)
    return refuseAt(node, 'Quantity/QuantityString', `Lot: quantity ${q.problem}`);
  return emit(scope, node, {
    kind: 'Lot',
    source: 'ERP',
    site: scope.site(node),
    recordedAt: scope.recordedAt(),
    data: {
      lotNumber,
      partNumber,
      quantity: q.value?.value,
      // kept beside the canonical fields (unknown fields are kept, not applied)
      unitOfMeasure: q.value?.unit,
      parentLotNumber,
      status: childText(node, 'Status'),
    },
    fields: { lotNumber: 'ID', partNumber: 'MaterialDefinitionID', quantity: 'Quantity' },
  });
}
