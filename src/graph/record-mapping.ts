/**
 * How a canonical record becomes graph: one :Artefact node (or, for a Consumption, one CONSUMED
 * relationship) keyed by its record id, its fields as properties, and its references — as
 * relationships where the thread is navigated, as an indexed field elsewhere — each ensuring the
 * referenced record exists, as a placeholder when it is not yet known. graph-schema/model.md
 * documents the result.
 */
import neo4j from 'neo4j-driver';
import type { CanonicalRecord, FieldValue, Kind, RecordData } from '../domain/canonical';
import { KINDS, recordId, searchKey } from '../domain/canonical';
import type { NcrFacts } from '../domain/evidence';
import { isStructuredNcr } from '../domain/evidence';

/** A record that references another ensures it exists; `type` also links to it. */
export interface Reference {
  readonly type?: string;
  readonly target: Target;
  readonly props?: Readonly<Record<string, unknown>>;
}

export interface Target {
  readonly rid: string;
  readonly label: Kind;
  readonly keyProps: Readonly<Record<string, string>>;
}

export interface ArtefactRow {
  readonly rid: string;
  readonly label: Kind;
  readonly props: Record<string, unknown>;
  readonly references: readonly Reference[];
}

export interface ConsumptionRow {
  readonly rid: string;
  readonly parent: Target;
  readonly child: Target;
  readonly props: Record<string, unknown>;
  readonly references: readonly Reference[];
}

/** The key as people write it (HX-100/D), from a record id. */
export function displayKeyOf(rid: string): string {
  const [kind, ...parts] = JSON.parse(rid) as [Kind, ...string[]];
  const groups = KINDS[kind].key;
  return parts
    .map((p, i) => ((groups[i]?.length ?? 1) > 1 ? p.slice(p.indexOf('=') + 1) : p))
    .join('/');
}

export function target(kind: Kind, keyProps: Record<string, string>): Target {
  return { rid: recordId(kind, keyProps), label: kind, keyProps };
}

/** Provenance every node and relationship written by this record carries. */
export function provenance(record: CanonicalRecord, importId: string): Record<string, unknown> {
  return {
    importId,
    source: record.source,
    system: record.system ?? null,
    recordedAt: record.recordedAt,
  };
}

export function artefactRow(record: CanonicalRecord, importId: string): ArtefactRow {
  return {
    rid: recordId(record.kind, record.data),
    label: record.kind,
    props: recordProps(record, importId),
    references: references(record.kind, record.data),
  };
}

export function consumptionRow(record: CanonicalRecord, importId: string): ConsumptionRow {
  const d = record.data;
  const end = (serial: FieldValue | undefined, lot: FieldValue | undefined): Target =>
    typeof serial === 'string'
      ? target('Unit', { serialNumber: serial })
      : target('Lot', { lotNumber: lot as string });
  return {
    rid: recordId('Consumption', d),
    parent: end(d.parentSerialNumber, d.parentLotNumber),
    child: end(d.childSerialNumber, d.childLotNumber),
    props: recordProps(record, importId),
    references: references('Consumption', d),
  };
}

/**
 * Fields as properties: instants as normalised UTC strings (fixed width, so they compare and
 * index as time), nested values as JSON, plus provenance.
 */
function recordProps(record: CanonicalRecord, importId: string): Record<string, unknown> {
  const fields = KINDS[record.kind].fields as Record<string, unknown>;
  const props: Record<string, unknown> = {
    rid: recordId(record.kind, record.data),
    searchKey: searchKey(record.kind, record.data),
  };
  for (const [name, value] of Object.entries(record.data)) {
    const type = fields[name];
    if (typeof type === 'object' && type !== null && !('enum' in type))
      props[name] = JSON.stringify(value);
    else props[name] = value;
  }
  if (props.site === undefined && record.site !== undefined) props.site = record.site;
  // whether an NCR carries structured references: thread health counts it by this
  if (record.kind === 'Nonconformance') {
    props.structured = isStructuredNcr({
      ...record.data,
      serialNumbers: [],
      lotNumbers: [],
    } as unknown as NcrFacts);
  }
  return {
    ...props,
    placeholder: false,
    ...provenance(record, importId),
    versionHash: record.versionHash,
    record: record.raw,
    ...(record.original === undefined ? {} : { original: record.original }),
    line: neo4j.int(record.line),
  };
}

type Add = (
  type: string | undefined,
  kind: Kind,
  key: Record<string, FieldValue | undefined>,
  props?: Record<string, unknown>,
) => void;

/** The references of each kind. `undefined` type: the field is the link (indexed), no relationship. */
export function references(kind: Kind, d: RecordData): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<string>();
  const add: Add = (type, k, key, props) => {
    if (Object.values(key).some((v) => typeof v !== 'string')) return;
    const t = target(k, key as Record<string, string>);
    const dedupe = JSON.stringify([type, t.rid, props ?? null]);
    if (seen.has(dedupe)) return;
    seen.add(dedupe);
    out.push(type === undefined ? { target: t } : { type, target: t, ...(props ? { props } : {}) });
  };
  const each = (v: FieldValue | undefined) => (Array.isArray(v) ? (v as string[]) : []);
  switch (kind) {
    case 'Requirement':
      add('CHILD_OF', 'Requirement', { id: d.parentId });
      for (const l of (d.links ?? []) as Record<string, FieldValue>[]) {
        add(
          'LINKS_TO',
          'Requirement',
          { id: l.targetId },
          { linkId: l.id ?? null, type: l.type ?? null },
        );
      }
      break;
    case 'PartRevision':
      add('REVISION_OF', 'Part', { partNumber: d.partNumber });
      add('HAS_DRAWING', 'DrawingRevision', {
        drawingNumber: d.drawingNumber,
        revision: d.drawingRevision,
      });
      for (const id of each(d.satisfies)) add('SATISFIES', 'Requirement', { id });
      add('RELEASED_BY', 'ChangeOrder', { id: d.changeOrderId });
      break;
    case 'BomLine':
      add('IN_BOM_OF', 'PartRevision', {
        partNumber: d.parentPartNumber,
        revision: d.parentRevision,
      });
      add('USES_PART', 'Part', { partNumber: d.childPartNumber });
      break;
    case 'ChangeOrder':
      for (const c of (d.changes ?? []) as Record<string, FieldValue>[]) {
        add('CHANGES_PART', 'Part', { partNumber: c.partNumber });
        add('CHANGES_FROM', 'PartRevision', { partNumber: c.partNumber, revision: c.fromRevision });
        add('CHANGES_TO', 'PartRevision', { partNumber: c.partNumber, revision: c.toRevision });
      }
      add('FOR_CAPA', 'Capa', { id: d.capaId });
      break;
    case 'RoutingOperation':
      add('OF_REVISION', 'PartRevision', { partNumber: d.partNumber, revision: d.revision });
      break;
    case 'InspectionPlanRevision':
      for (const c of (d.characteristics ?? []) as Record<string, FieldValue>[]) {
        for (const id of each(c.verifies)) {
          add('VERIFIES', 'Requirement', { id }, { characteristicId: c.id ?? null });
        }
      }
      break;
    case 'WorkOrder':
      add('LOCKED_TO', 'PartRevision', { partNumber: d.partNumber, revision: d.revision });
      add(undefined, 'Site', { code: d.site });
      break;
    case 'Lot':
      add(undefined, 'Part', { partNumber: d.partNumber });
      break;
    case 'Shipment':
      for (const serialNumber of each(d.serialNumbers)) add('SHIPPED', 'Unit', { serialNumber });
      break;
    case 'Unit':
      add('BUILT_UNDER', 'WorkOrder', { id: d.workOrderId });
      add(undefined, 'Part', { partNumber: d.partNumber });
      add(undefined, 'Site', { code: d.site });
      break;
    case 'OperationExecution':
      add('PERFORMED_ON', 'Unit', { serialNumber: d.serialNumber });
      add(undefined, 'WorkOrder', { id: d.workOrderId });
      add(undefined, 'WorkInstructionRevision', {
        documentNumber: d.workInstructionNumber,
        revision: d.workInstructionRevision,
      });
      add(undefined, 'Equipment', { id: d.equipmentId });
      add(undefined, 'Operator', { id: d.operatorId });
      break;
    case 'Consumption':
      add(undefined, 'OperationExecution', { id: d.operationExecutionId });
      break;
    case 'Equipment':
      add(undefined, 'Site', { code: d.site });
      break;
    case 'InspectionResult':
      add('INSPECTS', 'Unit', { serialNumber: d.serialNumber });
      add(undefined, 'OperationExecution', { id: d.operationExecutionId });
      add(undefined, 'InspectionPlanRevision', { planId: d.planId, revision: d.planRevision });
      break;
    case 'Nonconformance':
      for (const serialNumber of each(d.serialNumbers)) add('NAMES_UNIT', 'Unit', { serialNumber });
      for (const lotNumber of each(d.lotNumbers)) add('NAMES_LOT', 'Lot', { lotNumber });
      add('NAMES_OPERATION', 'OperationExecution', { id: d.operationExecutionId });
      add('AGAINST_DRAWING', 'DrawingRevision', {
        drawingNumber: d.drawingNumber,
        revision: d.drawingRevision,
      });
      add('NAMES_REQUIREMENT', 'Requirement', { id: d.requirementId });
      add('HAS_CAPA', 'Capa', { id: d.capaId });
      break;
    case 'Capa':
      for (const id of each(d.changeOrderIds)) add('DRIVES', 'ChangeOrder', { id });
      break;
    case 'Reading':
      add(undefined, 'Equipment', { id: d.equipmentId });
      break;
    case 'FieldEvent':
      add('ABOUT_UNIT', 'Unit', { serialNumber: d.serialNumber });
      add('RAISED', 'Nonconformance', { id: d.nonconformanceId });
      break;
    case 'Site':
    case 'Part':
    case 'DrawingRevision':
    case 'WorkInstructionRevision':
    case 'Operator':
      break;
  }
  return out;
}
