/**
 * The evidence chain of one unit: what the graph holds about how it was built (a snapshot, read
 * by the graph layer), judged against the canonical model's rules into documents, statuses and
 * gaps. Pure: the same snapshot always gives the same chain.
 */
import { groupBy } from './collections';
import type { ChangeOrderFacts } from './effectivity';
import { builtToSupersededBy } from './effectivity';
import { compareStrings, sortNatural } from './natural-order';
import type { ComponentEdge, ReachContext } from './ncr-reach';
import { ncrVia } from './ncr-reach';
import type { DocumentRevision } from './revisions';
import { currency, currentRevisionAt } from './revisions';
import { formatInstant, minInstant } from './time';

export const GAP_CODES = [
  'UNKNOWN_REFERENCE',
  'BUILT_TO_SUPERSEDED_REVISION',
  'DRAWING_NOT_CURRENT',
  'MISSING_OPERATION',
  'MISSING_WORK_INSTRUCTION',
  'SUPERSEDED_WORK_INSTRUCTION',
  'MISSING_INSPECTION',
  'PLAN_REVISION_NOT_CURRENT',
  'FAILED_INSPECTION_WITHOUT_NCR',
  'OPEN_NCR',
  'CAPA_NOT_CLOSED',
  'UNSTRUCTURED_NCR',
  'UNVERIFIED_REQUIREMENT',
] as const;
export type GapCode = (typeof GAP_CODES)[number];

export type VerificationStatus = 'VERIFIED' | 'FAILED' | 'NOT_VERIFIED';

// ---------------------------------------------------------------------------------------------
// The snapshot: facts as the graph holds them. Times are normalised instants (time.ts).

export interface Known {
  /** referenced by another record, but not yet received from its authoritative system */
  readonly placeholder?: boolean | undefined;
}

export interface UnitFacts extends Known {
  readonly serialNumber: string;
  readonly partNumber?: string | undefined;
  readonly workOrderId?: string | undefined;
  readonly site?: string | undefined;
  readonly status?: string | undefined;
  readonly completedAt?: string | undefined;
}

export interface WorkOrderFacts extends Known {
  readonly id: string;
  readonly partNumber?: string | undefined;
  readonly revision?: string | undefined;
  readonly releasedAt?: string | undefined;
  readonly site?: string | undefined;
}

export interface PartRevisionFacts extends DocumentRevision {
  readonly drawingNumber?: string | undefined;
  readonly drawingRevision?: string | undefined;
}

export interface RequirementFacts extends Known {
  readonly id: string;
  readonly title?: string | undefined;
}

export interface RoutingOperationFacts {
  readonly opNumber: string;
  readonly name?: string | undefined;
  readonly workInstructionNumber?: string | undefined;
  readonly inspectionPlanId?: string | undefined;
}

export interface ExecutionFacts {
  readonly id: string;
  readonly opNumber?: string | undefined;
  readonly workInstructionNumber?: string | undefined;
  readonly workInstructionRevision?: string | undefined;
  readonly equipmentId?: string | undefined;
  readonly operatorId?: string | undefined;
  readonly startedAt?: string | undefined;
  readonly completedAt?: string | undefined;
  readonly status?: string | undefined;
  readonly rework?: boolean | undefined;
  readonly readings?: readonly ReadingSummary[] | undefined;
}

export interface ReadingSummary {
  readonly tag: string;
  readonly unit?: string | undefined;
  /** what the collector config says the tag means (energy_counter, vibration_velocity, …) */
  readonly meaning?: string | undefined;
  readonly count: number;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly mean?: number | undefined;
  /** the first and last reading's source time inside the window */
  readonly firstAt?: string | undefined;
  readonly lastAt?: string | undefined;
  /** what a counter went up by between them, counter resets handled (domain/readings.ts) */
  readonly increase?: number | undefined;
}

export interface CharacteristicFacts {
  readonly id: string;
  readonly name?: string | undefined;
  readonly verifies: readonly string[];
  readonly nominal?: number | undefined;
  readonly lower?: number | undefined;
  readonly upper?: number | undefined;
  readonly unit?: string | undefined;
}

export interface PlanRevisionFacts extends DocumentRevision {
  readonly characteristics: readonly CharacteristicFacts[];
}

export interface InspectionFacts {
  readonly id: string;
  readonly operationExecutionId?: string | undefined;
  /** the execution it names is referenced but unknown */
  readonly executionPlaceholder?: boolean | undefined;
  readonly planId?: string | undefined;
  readonly planRevision?: string | undefined;
  readonly characteristicId: string;
  readonly value?: number | undefined;
  readonly result?: string | undefined;
  readonly inspectedAt?: string | undefined;
}

export interface NcrFacts {
  readonly id: string;
  readonly status?: string | undefined;
  readonly disposition?: string | undefined;
  readonly raisedAt?: string | undefined;
  readonly description?: string | undefined;
  readonly serialNumbers: readonly string[];
  readonly lotNumbers: readonly string[];
  readonly operationExecutionId?: string | undefined;
  readonly drawingNumber?: string | undefined;
  readonly drawingRevision?: string | undefined;
  readonly requirementId?: string | undefined;
  readonly characteristicId?: string | undefined;
  readonly capaId?: string | undefined;
}

export interface CapaFacts extends Known {
  readonly id: string;
  readonly status?: string | undefined;
  readonly closedAt?: string | undefined;
}

export interface ShipmentFacts {
  readonly id: string;
  readonly shippedAt?: string | undefined;
  readonly customer?: string | undefined;
}

export interface EvidenceSnapshot {
  readonly unit: UnitFacts;
  /** the shipments (ERP) that name the unit */
  readonly shipments: readonly ShipmentFacts[];
  /** the unit's Part */
  readonly part?: (Known & { readonly partNumber: string }) | undefined;
  readonly workOrder?: WorkOrderFacts | undefined;
  /** IANA zone of the work order's (else the unit's) site */
  readonly timeZone?: string | undefined;
  /** the part revision locked on the work order */
  readonly builtTo?: PartRevisionFacts | undefined;
  /** every revision of the built-to part number */
  readonly partRevisions: readonly DocumentRevision[];
  /** the built-to drawing revision, when the part revision names one */
  readonly drawing?: DocumentRevision | undefined;
  /** every revision of the built-to drawing number */
  readonly drawingRevisions: readonly DocumentRevision[];
  /** requirements the built-to revision satisfies */
  readonly requirements: readonly RequirementFacts[];
  /** routing operations of the built-to revision */
  readonly routing: readonly RoutingOperationFacts[];
  readonly executions: readonly ExecutionFacts[];
  /** every revision of every work instruction the executions name */
  readonly workInstructionRevisions: readonly DocumentRevision[];
  /** every revision of every inspection plan the routing or the results name */
  readonly planRevisions: readonly PlanRevisionFacts[];
  readonly inspections: readonly InspectionFacts[];
  readonly components: readonly ComponentEdge[];
  /** operation executions of the component serials: for NCRs that name one of them */
  readonly componentExecutions: readonly { id: string; serialNumber: string }[];
  /** candidate NCRs: any that names the unit, its executions, a component or a lot */
  readonly nonconformances: readonly NcrFacts[];
  readonly capas: readonly CapaFacts[];
  /** change orders that change the unit's part */
  readonly changeOrders: readonly ChangeOrderFacts[];
  readonly equipment: readonly (Known & { readonly id: string })[];
  readonly operators: readonly (Known & { readonly id: string })[];
}

// ---------------------------------------------------------------------------------------------
// The chain, shaped as the API contract's EvidenceChain (test/contract/api-contract.graphql).

export interface DocumentRef {
  readonly number: string;
  readonly revision: string;
  readonly current: boolean;
  readonly currentRevision: string | null;
  /** the moment currency was judged at */
  readonly at: string | null;
}

export interface Gap {
  readonly code: GapCode;
  readonly message: string;
  readonly ref: string | null;
  /** the record the gap is about, by kind and key values (null when it is no single record) */
  readonly record: GapRecord | null;
}

export interface GapRecord {
  readonly kind: string;
  readonly key: readonly string[];
}

export interface RequirementEvidence {
  readonly id: string;
  readonly title: string | null;
  readonly status: VerificationStatus;
  readonly verifyingCharacteristics: readonly string[];
}

export interface OperationEvidence {
  readonly id: string;
  readonly opNumber: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly status: string | null;
  readonly rework: boolean;
  readonly equipmentId: string | null;
  readonly operatorId: string | null;
  readonly workInstruction: DocumentRef | null;
  readonly readings: readonly ReadingSummary[];
}

export interface InspectionEvidence {
  readonly id: string;
  readonly characteristicId: string;
  readonly operationExecutionId: string | null;
  readonly value: number | null;
  readonly result: string;
  readonly inspectedAt: string | null;
  readonly plan: DocumentRef;
  /** the characteristic as the plan revision the result names defines it (null when unknown) */
  readonly characteristic: {
    readonly name: string | null;
    readonly nominal: number | null;
    readonly lower: number | null;
    readonly upper: number | null;
    readonly unit: string | null;
  } | null;
}

export interface NonconformanceEvidence {
  readonly id: string;
  readonly status: string;
  readonly disposition: string | null;
  readonly via: string;
  readonly raisedAt: string | null;
  readonly description: string | null;
  readonly structured: boolean;
  readonly capa: { id: string; status: string; closedAt: string | null } | null;
}

export interface EvidenceChain {
  readonly serialNumber: string;
  readonly partNumber: string;
  readonly site: string | null;
  readonly status: string | null;
  readonly workOrderId: string | null;
  readonly builtToRevision: string | null;
  /** when the unit's first operation started: the moment drawing currency is judged at */
  readonly buildStartedAt: string | null;
  readonly drawing: DocumentRef | null;
  readonly requirements: readonly RequirementEvidence[];
  readonly operations: readonly OperationEvidence[];
  readonly inspections: readonly InspectionEvidence[];
  readonly nonconformances: readonly NonconformanceEvidence[];
  readonly components: readonly ComponentEdge[];
  /** oldest first; shippedAt of the first is when the unit was delivered */
  readonly shipments: readonly { id: string; shippedAt: string | null; customer: string | null }[];
  readonly gaps: readonly Gap[];
  readonly complete: boolean;
}

/**
 * Structured NCR (gap UNSTRUCTURED_NCR): names an operation execution, a drawing revision, and a
 * requirement or a characteristic.
 */
export function isStructuredNcr(ncr: NcrFacts): boolean {
  return (
    ncr.operationExecutionId !== undefined &&
    ncr.drawingNumber !== undefined &&
    ncr.drawingRevision !== undefined &&
    (ncr.requirementId !== undefined || ncr.characteristicId !== undefined)
  );
}

// ---------------------------------------------------------------------------------------------

export function evidenceChain(s: EvidenceSnapshot): EvidenceChain {
  const gaps = new GapList();
  const { unit, workOrder, builtTo } = s;
  const buildStartedAt = minInstant(s.executions.map((e) => e.startedAt));
  const lockedRevision = workOrder?.placeholder ? undefined : workOrder?.revision;
  const builtToKnown = builtTo !== undefined && !builtTo.placeholder ? builtTo : undefined;

  // --- the references the chain passes through -----------------------------------------------
  if (s.part?.placeholder) {
    gaps.add(
      'UNKNOWN_REFERENCE',
      s.part.partNumber,
      `Part ${s.part.partNumber} has no PLM record`,
      {
        kind: 'Part',
        key: [s.part.partNumber],
      },
    );
  }
  if (unit.workOrderId === undefined) {
    gaps.add('UNKNOWN_REFERENCE', unit.serialNumber, `${unit.serialNumber} names no work order`, {
      kind: 'Unit',
      key: [unit.serialNumber],
    });
  } else if (workOrder === undefined || workOrder.placeholder) {
    gaps.add(
      'UNKNOWN_REFERENCE',
      unit.workOrderId,
      `work order ${unit.workOrderId} has no ERP record`,
      { kind: 'WorkOrder', key: [unit.workOrderId] },
    );
  } else if (workOrder.revision === undefined) {
    gaps.add(
      'UNKNOWN_REFERENCE',
      workOrder.id,
      `work order ${workOrder.id} locks no part revision`,
      { kind: 'WorkOrder', key: [workOrder.id] },
    );
  }
  if (builtTo?.placeholder) {
    const key = `${builtTo.number}/${builtTo.revision}`;
    gaps.add('UNKNOWN_REFERENCE', key, `part revision ${key} has no PLM record`, {
      kind: 'PartRevision',
      key: [builtTo.number, builtTo.revision],
    });
  }
  if (s.drawing?.placeholder) {
    const key = `${s.drawing.number}/${s.drawing.revision}`;
    gaps.add('UNKNOWN_REFERENCE', key, `drawing revision ${key} has no PLM record`, {
      kind: 'DrawingRevision',
      key: [s.drawing.number, s.drawing.revision],
    });
  }
  for (const r of s.requirements) {
    if (r.placeholder) {
      gaps.add('UNKNOWN_REFERENCE', r.id, `requirement ${r.id} has no ALM record`, {
        kind: 'Requirement',
        key: [r.id],
      });
    }
  }
  for (const e of s.equipment) {
    if (e.placeholder) {
      gaps.add('UNKNOWN_REFERENCE', e.id, `equipment ${e.id} has no MES record`, {
        kind: 'Equipment',
        key: [e.id],
      });
    }
  }
  for (const o of s.operators) {
    if (o.placeholder) {
      gaps.add('UNKNOWN_REFERENCE', o.id, `operator ${o.id} has no MES record`, {
        kind: 'Operator',
        key: [o.id],
      });
    }
  }
  // revisions of the same documents that other units named may be placeholders too: only the
  // ones this unit's executions and inspections name are links of its chain
  const unknownWi = new Set(s.workInstructionRevisions.filter((w) => w.placeholder).map(docKey));
  for (const e of s.executions) {
    const key = `${e.workInstructionNumber}/${e.workInstructionRevision}`;
    if (unknownWi.has(key)) {
      gaps.add('UNKNOWN_REFERENCE', key, `work instruction ${key} has no PLM record`, {
        kind: 'WorkInstructionRevision',
        key: [String(e.workInstructionNumber), String(e.workInstructionRevision)],
      });
    }
  }
  const unknownPlans = new Set(s.planRevisions.filter((p) => p.placeholder).map(docKey));
  for (const i of s.inspections) {
    const key = `${i.planId}/${i.planRevision}`;
    if (unknownPlans.has(key)) {
      gaps.add('UNKNOWN_REFERENCE', key, `inspection plan revision ${key} has no QMS record`, {
        kind: 'InspectionPlanRevision',
        key: [String(i.planId), String(i.planRevision)],
      });
    }
  }
  for (const i of s.inspections) {
    if (i.executionPlaceholder && i.operationExecutionId !== undefined) {
      const id = i.operationExecutionId;
      gaps.add('UNKNOWN_REFERENCE', id, `operation execution ${id} has no MES record`, {
        kind: 'OperationExecution',
        key: [id],
      });
    }
  }
  for (const c of s.components) {
    if (c.placeholder) {
      const what = c.kind === 'SERIAL' ? `component ${c.id} has no MES` : `lot ${c.id} has no ERP`;
      gaps.add('UNKNOWN_REFERENCE', c.id, `${what} record`, {
        kind: c.kind === 'SERIAL' ? 'Unit' : 'Lot',
        key: [c.id],
      });
    }
  }

  // --- built to a superseded revision -------------------------------------------------------
  if (workOrder !== undefined && lockedRevision !== undefined) {
    const at = workOrder.releasedAt ?? buildStartedAt;
    if (at !== undefined) {
      const current = currentRevisionAt(s.partRevisions, at);
      if (current?.revision !== lockedRevision) {
        gaps.add(
          'BUILT_TO_SUPERSEDED_REVISION',
          workOrder.id,
          `work order ${workOrder.id} is locked to revision ${lockedRevision}, but ` +
            (current ? `revision ${current.revision} was current` : 'no revision was current') +
            ` at its release ${formatInstant(at)}`,
          { kind: 'WorkOrder', key: [workOrder.id] },
        );
      }
    }
    const scope = {
      serialNumber: unit.serialNumber,
      partNumber: unit.partNumber ?? workOrder.partNumber,
      workOrderId: workOrder.id,
      lockedRevision,
      workOrderReleasedAt: workOrder.releasedAt,
      timeZone: s.timeZone,
    };
    for (const co of s.changeOrders) {
      if (builtToSupersededBy(co, scope)) {
        gaps.add(
          'BUILT_TO_SUPERSEDED_REVISION',
          co.id,
          `${unit.serialNumber} is inside change order ${co.id}'s effectivity, which supersedes ` +
            `revision ${lockedRevision}, and was built to it`,
          { kind: 'ChangeOrder', key: [co.id] },
        );
      }
    }
  }

  // --- the drawing ---------------------------------------------------------------------------
  let drawing: DocumentRef | null = null;
  if (builtToKnown !== undefined) {
    const { drawingNumber, drawingRevision } = builtToKnown;
    if (drawingNumber === undefined || drawingRevision === undefined) {
      gaps.add(
        'DRAWING_NOT_CURRENT',
        `${builtToKnown.number}/${builtToKnown.revision}`,
        `part revision ${builtToKnown.number}/${builtToKnown.revision} names no drawing revision`,
        { kind: 'PartRevision', key: [builtToKnown.number, builtToKnown.revision] },
      );
    } else {
      const at = buildStartedAt ?? workOrder?.releasedAt;
      drawing = documentRef(s.drawingRevisions, drawingNumber, drawingRevision, at);
      if (at !== undefined && !drawing.current) {
        gaps.add(
          'DRAWING_NOT_CURRENT',
          `${drawingNumber}/${drawingRevision}`,
          `drawing ${drawingNumber} revision ${drawingRevision} was not current when the build ` +
            `started ${formatInstant(at)}` +
            (drawing.currentRevision ? ` (revision ${drawing.currentRevision} was)` : ''),
          { kind: 'DrawingRevision', key: [drawingNumber, drawingRevision] },
        );
      }
    }
  }

  // --- operations ------------------------------------------------------------------------------
  const executions = [...s.executions].sort(
    (a, b) => compareOptional(a.startedAt, b.startedAt) || compareStrings(a.id, b.id),
  );
  const wiByNumber = groupBy(s.workInstructionRevisions, (w) => w.number);
  const operations: OperationEvidence[] = executions.map((e) => {
    let workInstruction: DocumentRef | null = null;
    if (e.workInstructionNumber === undefined || e.workInstructionRevision === undefined) {
      gaps.add(
        'MISSING_WORK_INSTRUCTION',
        e.id,
        `operation ${e.id} names no work-instruction revision`,
        { kind: 'OperationExecution', key: [e.id] },
      );
    } else {
      const revisions = wiByNumber.get(e.workInstructionNumber) ?? [];
      workInstruction = documentRef(
        revisions,
        e.workInstructionNumber,
        e.workInstructionRevision,
        e.startedAt,
      );
      if (!workInstruction.current) {
        const wi = `${e.workInstructionNumber} revision ${e.workInstructionRevision}`;
        gaps.add(
          'SUPERSEDED_WORK_INSTRUCTION',
          e.id,
          e.startedAt === undefined
            ? `operation ${e.id} has no start time, so ${wi} cannot be shown current`
            : `operation ${e.id} used ${wi}, not current at its start ${formatInstant(e.startedAt)}` +
                (workInstruction.currentRevision
                  ? ` (revision ${workInstruction.currentRevision} was)`
                  : ''),
          { kind: 'OperationExecution', key: [e.id] },
        );
      }
    }
    return {
      id: e.id,
      opNumber: e.opNumber ?? '',
      startedAt: e.startedAt ?? null,
      completedAt: e.completedAt ?? null,
      status: e.status ?? null,
      rework: e.rework ?? false,
      equipmentId: e.equipmentId ?? null,
      operatorId: e.operatorId ?? null,
      workInstruction,
      readings: e.readings ?? [],
    };
  });

  const routingKey = builtToKnown ? `${builtToKnown.number}/${builtToKnown.revision}` : undefined;
  if (builtToKnown !== undefined && routingKey !== undefined) {
    if (s.routing.length === 0) {
      gaps.add('MISSING_OPERATION', routingKey, `no routing operation is known for ${routingKey}`, {
        kind: 'PartRevision',
        key: [builtToKnown.number, builtToKnown.revision],
      });
    }
    for (const op of s.routing) {
      const done = s.executions.some((e) => e.opNumber === op.opNumber && e.status === 'COMPLETED');
      if (!done) {
        gaps.add(
          'MISSING_OPERATION',
          `${routingKey}/${op.opNumber}`,
          `routing operation ${op.opNumber}${op.name ? ` (${op.name})` : ''} has no completed execution`,
          {
            kind: 'RoutingOperation',
            key: [builtToKnown.number, builtToKnown.revision, op.opNumber],
          },
        );
      }
    }
  }

  // --- inspections ---------------------------------------------------------------------------
  const plansById = groupBy(s.planRevisions, (p) => p.number);
  const inspections: InspectionEvidence[] = [...s.inspections]
    .sort((a, b) => compareOptional(a.inspectedAt, b.inspectedAt) || compareStrings(a.id, b.id))
    .map((i) => {
      const plan = documentRef(
        plansById.get(i.planId ?? '') ?? [],
        i.planId ?? '',
        i.planRevision ?? '',
        i.inspectedAt,
      );
      if (!plan.current) {
        gaps.add(
          'PLAN_REVISION_NOT_CURRENT',
          i.id,
          i.planId === undefined || i.planRevision === undefined
            ? `inspection ${i.id} names no inspection-plan revision`
            : i.inspectedAt === undefined
              ? `inspection ${i.id} has no inspection time, so plan ${i.planId} revision ${i.planRevision} cannot be shown current`
              : `inspection ${i.id} records plan ${i.planId} revision ${i.planRevision}, not current at ${formatInstant(i.inspectedAt)}` +
                (plan.currentRevision ? ` (revision ${plan.currentRevision} was)` : ''),
          { kind: 'InspectionResult', key: [i.id] },
        );
      }
      const defined = (plansById.get(i.planId ?? '') ?? [])
        .find((p) => p.revision === i.planRevision)
        ?.characteristics.find((c) => c.id === i.characteristicId);
      return {
        id: i.id,
        characteristicId: i.characteristicId,
        operationExecutionId: i.operationExecutionId ?? null,
        value: i.value ?? null,
        result: i.result ?? '',
        inspectedAt: i.inspectedAt ?? null,
        plan,
        characteristic:
          defined === undefined
            ? null
            : {
                name: defined.name ?? null,
                nominal: defined.nominal ?? null,
                lower: defined.lower ?? null,
                upper: defined.upper ?? null,
                unit: defined.unit ?? null,
              },
      };
    });

  const planIdsOfRouting = new Set(
    s.routing.flatMap((op) => (op.inspectionPlanId === undefined ? [] : [op.inspectionPlanId])),
  );
  if (builtToKnown !== undefined) {
    for (const planId of planIdsOfRouting) {
      if ((plansById.get(planId) ?? []).every((p) => p.placeholder)) {
        gaps.add('UNKNOWN_REFERENCE', planId, `inspection plan ${planId} has no QMS record`);
      }
    }
    for (const op of s.routing) {
      if (op.inspectionPlanId === undefined) continue;
      const revisions = (plansById.get(op.inspectionPlanId) ?? []).filter((p) => !p.placeholder);
      if (revisions.length === 0) continue;
      const at =
        latestCompletedStart(s.executions, op.opNumber) ?? buildStartedAt ?? workOrder?.releasedAt;
      const plan = at === undefined ? latestReleased(revisions) : currentRevisionAt(revisions, at);
      if (plan === undefined) {
        gaps.add(
          'MISSING_INSPECTION',
          op.inspectionPlanId,
          `no revision of inspection plan ${op.inspectionPlanId} was current` +
            (at ? ` at ${formatInstant(at)}` : ''),
        );
        continue;
      }
      for (const c of plan.characteristics) {
        const found = s.inspections.some(
          (i) =>
            i.characteristicId === c.id && (i.planId === undefined || i.planId === plan.number),
        );
        if (!found) {
          gaps.add(
            'MISSING_INSPECTION',
            `${plan.number}/${plan.revision}/${c.id}`,
            `characteristic ${c.id}${c.name ? ` (${c.name})` : ''} of plan ${plan.number} revision ` +
              `${plan.revision} has no result for ${unit.serialNumber}`,
            { kind: 'InspectionPlanRevision', key: [plan.number, plan.revision] },
          );
        }
      }
    }
  }

  // --- nonconformances -------------------------------------------------------------------------
  const reach: ReachContext = {
    serialNumber: unit.serialNumber,
    executionIds: new Set(s.executions.map((e) => e.id)),
    components: s.components,
    componentExecutions: new Map(s.componentExecutions.map((e) => [e.id, e.serialNumber])),
  };
  const capas = new Map(s.capas.map((c) => [c.id, c]));
  const touching = s.nonconformances
    .map((ncr) => ({ ncr, via: ncrVia(ncr, reach) }))
    .filter((t): t is { ncr: NcrFacts; via: string } => t.via !== undefined)
    .sort(
      (a, b) =>
        compareOptional(a.ncr.raisedAt, b.ncr.raisedAt) || compareStrings(a.ncr.id, b.ncr.id),
    );
  const nonconformances: NonconformanceEvidence[] = touching.map(({ ncr, via }) => {
    const status = ncr.status ?? 'OPEN';
    const structured = isStructuredNcr(ncr);
    const about = { kind: 'Nonconformance', key: [ncr.id] } as const;
    if (status === 'OPEN') gaps.add('OPEN_NCR', ncr.id, `NCR ${ncr.id} (${via}) is open`, about);
    if (!structured) {
      const missing = [
        ncr.operationExecutionId === undefined ? 'an operation execution' : undefined,
        ncr.drawingNumber === undefined || ncr.drawingRevision === undefined
          ? 'a drawing revision'
          : undefined,
        ncr.requirementId === undefined && ncr.characteristicId === undefined
          ? 'a requirement or characteristic'
          : undefined,
      ].filter((m) => m !== undefined);
      gaps.add(
        'UNSTRUCTURED_NCR',
        ncr.id,
        `NCR ${ncr.id} names no ${missing.join(', no ')}`,
        about,
      );
    }
    let capa: NonconformanceEvidence['capa'] = null;
    if (ncr.capaId !== undefined) {
      const c = capas.get(ncr.capaId);
      const capaStatus = c?.placeholder ? 'UNKNOWN' : (c?.status ?? 'UNKNOWN');
      if (c?.placeholder || c === undefined) {
        gaps.add('UNKNOWN_REFERENCE', ncr.capaId, `CAPA ${ncr.capaId} has no QMS record`, {
          kind: 'Capa',
          key: [ncr.capaId],
        });
      }
      if (capaStatus !== 'CLOSED') {
        gaps.add(
          'CAPA_NOT_CLOSED',
          ncr.capaId,
          `CAPA ${ncr.capaId} of NCR ${ncr.id} is ${capaStatus}`,
          { kind: 'Capa', key: [ncr.capaId] },
        );
      }
      capa = { id: ncr.capaId, status: capaStatus, closedAt: c?.closedAt ?? null };
    }
    return {
      id: ncr.id,
      status,
      disposition: ncr.disposition ?? null,
      via,
      raisedAt: ncr.raisedAt ?? null,
      description: ncr.description ?? null,
      structured,
      capa,
    };
  });

  const latest = latestResults(s.inspections);
  for (const r of latest.values()) {
    if (r.result !== 'FAIL') continue;
    const answered = touching.some(
      ({ ncr }) =>
        ncr.characteristicId === r.characteristicId ||
        (r.operationExecutionId !== undefined &&
          ncr.operationExecutionId === r.operationExecutionId),
    );
    if (!answered) {
      gaps.add(
        'FAILED_INSPECTION_WITHOUT_NCR',
        r.id,
        `inspection ${r.id} of ${r.characteristicId} failed and no NCR names the characteristic or its operation`,
        { kind: 'InspectionResult', key: [r.id] },
      );
    }
  }

  // --- requirements ----------------------------------------------------------------------------
  const verifying = verifyingCharacteristics(
    [...planIdsOfRouting].flatMap((id) => plansById.get(id) ?? []),
  );
  const requirements: RequirementEvidence[] = [...s.requirements]
    .sort((a, b) => sortNatural(a.id, b.id))
    .map((r) => {
      const characteristics = verifying.get(r.id) ?? [];
      const status = requirementStatus(characteristics, latest);
      if (status !== 'VERIFIED') {
        gaps.add(
          'UNVERIFIED_REQUIREMENT',
          r.id,
          status === 'FAILED'
            ? `requirement ${r.id}: a latest verifying result failed`
            : characteristics.length === 0
              ? `requirement ${r.id}: no characteristic of the routing's inspection plans verifies it`
              : `requirement ${r.id}: no result for ${unit.serialNumber} of ${characteristics.map((c) => c.characteristicId).join(', ')}`,
          { kind: 'Requirement', key: [r.id] },
        );
      }
      return {
        id: r.id,
        title: r.title ?? null,
        status,
        verifyingCharacteristics: [...new Set(characteristics.map((c) => c.characteristicId))],
      };
    });

  const components = [...s.components].sort(
    (a, b) =>
      a.depth - b.depth || compareStrings(a.parentId, b.parentId) || compareStrings(a.id, b.id),
  );
  const gapList = gaps.sorted();
  return {
    serialNumber: unit.serialNumber,
    partNumber: unit.partNumber ?? workOrder?.partNumber ?? '',
    site: unit.site ?? workOrder?.site ?? null,
    status: unit.status ?? null,
    workOrderId: unit.workOrderId ?? null,
    builtToRevision: lockedRevision ?? null,
    buildStartedAt: buildStartedAt ?? null,
    drawing,
    requirements,
    operations,
    inspections,
    nonconformances,
    components,
    shipments: [...s.shipments]
      .sort((a, b) => compareOptional(a.shippedAt, b.shippedAt) || compareStrings(a.id, b.id))
      .map((x) => ({ id: x.id, shippedAt: x.shippedAt ?? null, customer: x.customer ?? null })),
    gaps: gapList,
    complete: gapList.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------

interface VerifyingCharacteristic {
  readonly planId: string;
  readonly characteristicId: string;
}

/**
 * Requirement → the characteristics that verify it, over the released revisions of the given
 * plans (an unreleased draft verifies nothing).
 */
export function verifyingCharacteristics(
  plans: readonly PlanRevisionFacts[],
): Map<string, VerifyingCharacteristic[]> {
  const byRequirement = new Map<string, VerifyingCharacteristic[]>();
  const seen = new Set<string>();
  for (const plan of plans) {
    if (plan.placeholder || plan.releasedAt === undefined) continue;
    for (const c of plan.characteristics) {
      for (const requirementId of c.verifies) {
        const k = JSON.stringify([requirementId, plan.number, c.id]);
        if (seen.has(k)) continue;
        seen.add(k);
        const list = byRequirement.get(requirementId) ?? [];
        list.push({ planId: plan.number, characteristicId: c.id });
        byRequirement.set(requirementId, list);
      }
    }
  }
  return byRequirement;
}

/** The latest result (by inspectedAt, then id) of each characteristic, keyed by plan and id. */
export function latestResults(
  inspections: readonly InspectionFacts[],
): Map<string, InspectionFacts> {
  const latest = new Map<string, InspectionFacts>();
  for (const i of inspections) {
    const k = resultKey(i.planId, i.characteristicId);
    const prev = latest.get(k);
    if (prev === undefined || isLater(i, prev)) latest.set(k, i);
  }
  return latest;
}

/**
 * Requirement status for a unit (canonical model): the unit's latest result of every
 * characteristic that verifies it — FAILED if any fails, VERIFIED if at least one exists and all
 * pass, otherwise NOT_VERIFIED. A result that names no plan counts for the characteristic id in
 * any plan.
 */
export function requirementStatus(
  characteristics: readonly VerifyingCharacteristic[],
  latest: ReadonlyMap<string, InspectionFacts>,
): VerificationStatus {
  let found = 0;
  for (const c of characteristics) {
    const withPlan = latest.get(resultKey(c.planId, c.characteristicId));
    const withoutPlan = latest.get(resultKey(undefined, c.characteristicId));
    const result =
      withPlan && withoutPlan
        ? isLater(withPlan, withoutPlan)
          ? withPlan
          : withoutPlan
        : (withPlan ?? withoutPlan);
    if (result === undefined) continue;
    if (result.result === 'FAIL') return 'FAILED';
    found += 1;
  }
  return found > 0 ? 'VERIFIED' : 'NOT_VERIFIED';
}

function resultKey(planId: string | undefined, characteristicId: string): string {
  return JSON.stringify([planId ?? null, characteristicId]);
}

/** Later by inspectedAt, then id; a result without a time is earlier than any with one. */
function isLater(a: InspectionFacts, b: InspectionFacts): boolean {
  return (
    (compareStrings(a.inspectedAt ?? '', b.inspectedAt ?? '') || compareStrings(a.id, b.id)) > 0
  );
}

function docKey(d: DocumentRevision): string {
  return `${d.number}/${d.revision}`;
}

function documentRef(
  revisions: readonly DocumentRevision[],
  number: string,
  revision: string,
  at: string | undefined,
): DocumentRef {
  if (at === undefined)
    return { number, revision, current: false, currentRevision: null, at: null };
  const c = currency(revisions, revision, at);
  return { number, revision, current: c.current, currentRevision: c.currentRevision ?? null, at };
}

function latestCompletedStart(executions: readonly ExecutionFacts[], opNumber: string) {
  let latest: string | undefined;
  for (const e of executions) {
    if (e.opNumber !== opNumber || e.status !== 'COMPLETED' || e.startedAt === undefined) continue;
    if (latest === undefined || e.startedAt > latest) latest = e.startedAt;
  }
  return latest;
}

function latestReleased<R extends DocumentRevision>(revisions: readonly R[]): R | undefined {
  return currentRevisionAt(revisions, '9999-12-31T23:59:59.999999999Z');
}

/** Undefined sorts last, so records without a time follow those with one. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

class GapList {
  private readonly gaps = new Map<string, Gap>();

  add(code: GapCode, ref: string | null, message: string, record: GapRecord | null = null): void {
    const k = JSON.stringify([code, ref]);
    if (!this.gaps.has(k)) this.gaps.set(k, { code, message, ref, record });
  }

  sorted(): Gap[] {
    const order = new Map(GAP_CODES.map((c, i) => [c, i]));
    return [...this.gaps.values()].sort(
      (a, b) =>
        (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0) ||
        sortNatural(a.ref ?? '', b.ref ?? ''),
    );
  }
}
