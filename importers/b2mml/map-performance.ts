/**
 * A segment response of a production or operations performance (V0401 ProductionResponse …
 * V0700 OperationsResponse) → an OperationExecution for it and each nested segment response,
 * a Unit per produced sublot (a Lot per produced lot without sublot), and a Consumption per
 * consumed material actual, whose parent is the unit or lot the same segment produced.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf } from '../xml/read-xml';
import type { Scope, TimeRead } from './scope';
import { emit, refuseAt } from './scope';
import { childText, childTexts, readQuantity } from './values';

/** What a segment produced: the parent of what it consumed. */
interface Produced {
  readonly field: 'parentSerialNumber' | 'parentLotNumber';
  readonly id: string;
}

interface Segment {
  readonly node: XmlNode;
  readonly id: string;
  readonly workOrderId: string | undefined;
  readonly start: TimeRead;
  readonly end: TimeRead;
  readonly status: 'COMPLETED' | 'ABORTED' | undefined;
  /** what the enclosing segment produced, for a nested one that produced nothing itself */
  readonly inherited: readonly Produced[];
}

export function mapSegmentResponse(node: XmlNode, scope: Scope): ParsedLine[] {
  const responseId = scope.headerText('ID', 'response');
  if (responseId === undefined) {
    return [
      refuseAt(
        node,
        'ID',
        'OperationExecution: the ProductionResponse/OperationsResponse has no ID, so its segment responses cannot be named',
      ),
    ];
  }
  const workOrderId =
    scope.headerText('ProductionRequestID', 'response') ??
    scope.headerText('OperationsRequestID', 'response');
  return segment(node, scope, responseId, workOrderId, []);
}

const USE = (actual: XmlNode): string | undefined => {
  if (actual.name === 'MaterialProducedActual') return 'produced';
  if (actual.name === 'MaterialConsumedActual' || actual.name === 'AssemblyActual') {
    return 'consumed';
  }
  return childText(actual, 'MaterialUse')?.toLowerCase();
};

function segment(
  node: XmlNode,
  scope: Scope,
  prefix: string,
  workOrderId: string | undefined,
  inherited: readonly Produced[],
): ParsedLine[] {
  const segId = childText(node, 'ID') ?? childText(node, 'ProcessSegmentID');
  if (segId === undefined) {
    return [
      refuseAt(
        node,
        'ID',
        'OperationExecution: the SegmentResponse has neither ID nor ProcessSegmentID',
      ),
    ];
  }
  const end = scope.time(childOf(node, 'ActualEndTime'));
  const state = childText(node, 'SegmentState');
  const s: Segment = {
    node,
    id: `${prefix}/${segId}`,
    workOrderId,
    start: scope.time(childOf(node, 'ActualStartTime')),
    end,
    status: statusOf(state, end),
    inherited,
  };
  const actuals = [
    ...childrenOf(node, 'MaterialActual'),
    ...childrenOf(node, 'MaterialProducedActual'),
    ...childrenOf(node, 'MaterialConsumedActual'),
  ];
  const producedActuals = actuals.filter((a) => USE(a) === 'produced');
  const out: ParsedLine[] = [];
  const produced: Produced[] = [];
  const outputs: ParsedLine[] = [];
  for (const a of producedActuals) outputs.push(...producedRecords(a, s, scope, produced));
  const serials = produced.filter((p) => p.field === 'parentSerialNumber');
  out.push(execution(s, scope, state, serials.length === 1 ? serials[0]?.id : undefined));
  out.push(...outputs);
  const parents = produced.length > 0 ? produced : inherited;
  for (const a of actuals.filter((x) => USE(x) === 'consumed')) {
    out.push(...consumption(a, s, scope, parents));
  }
  // components assembled into one produced item: their parent is that item
  for (const a of producedActuals) {
    const own = identities(a);
    for (const c of childrenOf(a, 'AssemblyActual')) out.push(...consumption(c, s, scope, own));
  }
  for (const child of childrenOf(node, 'SegmentResponse')) {
    out.push(...segment(child, scope, s.id, workOrderId, parents));
  }
  return out;
}

function statusOf(state: string | undefined, end: TimeRead): Segment['status'] {
  const v = state?.toLowerCase();
  if (v === 'completed' || v === 'complete') return 'COMPLETED';
  if (v === 'aborted' || v === 'abort') return 'ABORTED';
  if (v === undefined && 'value' in end && end.value !== undefined) return 'COMPLETED';
  return undefined;
}

function execution(
  s: Segment,
  scope: Scope,
  state: string | undefined,
  serialNumber: string | undefined,
): ParsedLine {
  const equipment = childrenOf(s.node, 'EquipmentActual').flatMap((e) =>
    childTexts(e, 'EquipmentID'),
  );
  const people = childrenOf(s.node, 'PersonnelActual').flatMap((p) => childTexts(p, 'PersonID'));
  const site = scope.site(s.node);
  return emit(scope, s.node, {
    kind: 'OperationExecution',
    source: 'MES',
    site,
    recordedAt: scope.recordedAt(
      childOf(s.node, 'ActualEndTime'),
      scope.header('EndTime', 'response'),
    ),
    data: {
      id: s.id,
      serialNumber,
      workOrderId: s.workOrderId,
      opNumber: childText(s.node, 'ProcessSegmentID') ?? childText(s.node, 'ID'),
      equipmentId: equipment[0],
      operatorId: people[0],
      status: s.status,
      // kept beside the canonical fields: every actual named, and the state as sent
      equipmentIds: equipment.length > 1 ? equipment : undefined,
      operatorIds: people.length > 1 ? people : undefined,
      segmentState: state,
    },
    times: { startedAt: s.start, completedAt: s.end },
    fields: {
      id: 'ID',
      opNumber: 'ProcessSegmentID',
      equipmentId: 'EquipmentActual/EquipmentID',
      operatorId: 'PersonnelActual/PersonID',
    },
  });
}

/** The identities of a produced actual: its sublots (serials), else its lots. */
function identities(actual: XmlNode): Produced[] {
  const serials = childTexts(actual, 'MaterialSubLotID');
  if (serials.length > 0) return serials.map((id) => ({ field: 'parentSerialNumber', id }));
  return childTexts(actual, 'MaterialLotID').map((id) => ({ field: 'parentLotNumber', id }));
}

function producedRecords(
  actual: XmlNode,
  s: Segment,
  scope: Scope,
  produced: Produced[],
): ParsedLine[] {
  const ids = identities(actual);
  if (ids.length === 0) {
    return [
      refuseAt(
        actual,
        'MaterialSubLotID',
        'Unit: the produced material actual names neither MaterialSubLotID nor MaterialLotID',
      ),
    ];
  }
  const q = readQuantity(actual);
  if ('problem' in q) {
    return [refuseAt(actual, 'Quantity/QuantityString', `quantity ${q.problem}`)];
  }
  produced.push(...ids);
  const site = scope.site(actual, s.node);
  const part = childText(actual, 'MaterialDefinitionID');
  const recordedAt = scope.recordedAt(
    childOf(s.node, 'ActualEndTime'),
    scope.header('EndTime', 'response'),
  );
  return ids.map((p) =>
    p.field === 'parentSerialNumber'
      ? emit(scope, actual, {
          kind: 'Unit',
          source: 'MES',
          site,
          recordedAt,
          data: {
            serialNumber: p.id,
            partNumber: part,
            workOrderId: s.workOrderId,
            site,
            status:
              s.status === 'COMPLETED'
                ? 'COMPLETE'
                : s.status === 'ABORTED'
                  ? undefined
                  : 'IN_PROCESS',
            lotNumber: childText(actual, 'MaterialLotID'),
          },
          times: s.status === 'COMPLETED' ? { completedAt: s.end } : {},
          fields: { serialNumber: 'MaterialSubLotID', partNumber: 'MaterialDefinitionID' },
        })
      : emit(scope, actual, {
          kind: 'Lot',
          source: 'MES',
          site,
          recordedAt,
          data: {
            lotNumber: p.id,
            partNumber: part,
            quantity: q.value?.value,
            unitOfMeasure: q.value?.unit,
          },
          fields: { lotNumber: 'MaterialLotID', partNumber: 'MaterialDefinitionID' },
        }),
  );
}

function consumption(
  actual: XmlNode,
  s: Segment,
  scope: Scope,
  parents: readonly Produced[],
): ParsedLine[] {
  const lots = childTexts(actual, 'MaterialLotID');
  const subLots = childTexts(actual, 'MaterialSubLotID');
  // a lot is what a recall names: a consumed sublot of a lot is traced through its lot
  const children =
    lots.length > 0
      ? lots.map((id) => ({ childLotNumber: id }))
      : subLots.map((id) => ({ childSerialNumber: id }));
  if (children.length === 0) {
    return [
      refuseAt(
        actual,
        'MaterialLotID',
        'Consumption: the consumed material actual names neither MaterialLotID nor MaterialSubLotID',
      ),
    ];
  }
  if (parents.length !== 1) {
    return [
      refuseAt(
        actual,
        undefined,
        parents.length === 0
          ? `Consumption: segment response ${s.id} produced no unit or lot (no MaterialActual with MaterialUse Produced and a lot or sublot id) to be the parent of what it consumed`
          : `Consumption: segment response ${s.id} produced ${parents.length} units or lots; which one consumed this material is not said`,
      ),
    ];
  }
  const parent = parents[0] as Produced;
  const q = readQuantity(actual);
  if ('problem' in q) {
    return [refuseAt(actual, 'Quantity/QuantityString', `Consumption: quantity ${q.problem}`)];
  }
  const site = scope.site(actual, s.node);
  const recordedAt = scope.recordedAt(
    childOf(s.node, 'ActualEndTime'),
    scope.header('EndTime', 'response'),
  );
  return children.map((child) =>
    emit(scope, actual, {
      kind: 'Consumption',
      source: 'MES',
      site,
      recordedAt,
      data: {
        [parent.field]: parent.id,
        ...child,
        operationExecutionId: s.id,
        quantity: q.value?.value,
        unitOfMeasure: q.value?.unit,
        partNumber: childText(actual, 'MaterialDefinitionID'),
        childSubLotId: lots.length > 0 && subLots.length === 1 ? subLots[0] : undefined,
      },
      times: { consumedAt: s.end },
      fields: {
        childLotNumber: 'MaterialLotID',
        childSerialNumber: 'MaterialSubLotID',
        quantity: 'Quantity',
      },
    }),
  );
}
