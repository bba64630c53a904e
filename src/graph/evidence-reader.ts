/**
 * Reads what the graph holds about units, as the domain's evidence snapshots: a handful of
 * queries whatever the number of units (each takes the whole batch), so the API's single chain
 * and the derivation of every unit's chain share one reader.
 */
import type { ChangeOrderFacts, Effectivity, PartChange } from '../domain/effectivity';
import type {
  CapaFacts,
  EvidenceSnapshot,
  ExecutionFacts,
  InspectionFacts,
  NcrFacts,
  PartRevisionFacts,
  PlanRevisionFacts,
  ReadingSummary,
  RequirementFacts,
  RoutingOperationFacts,
  ShipmentFacts,
  UnitFacts,
  WorkOrderFacts,
} from '../domain/evidence';
import { distinct, groupBy } from '../domain/collections';
import type { DocumentRevision } from '../domain/revisions';
import type { QueryName } from './cypher-registry';
import type { QueryRunner } from './executor';
import type { Components, ComponentsRow } from './genealogy';
import { componentsOf, MAX_GENEALOGY_DEPTH } from './genealogy';
import { recordId } from '../domain/canonical';

interface UnitRow {
  unit: UnitFacts;
  part?: { partNumber: string; placeholder?: boolean };
  workOrder?: WorkOrderFacts;
  timeZone?: string;
  builtTo?: PartRevisionFacts;
  drawing?: DocumentRevision;
  partRevisions: DocumentRevision[];
  drawingRevisions: DocumentRevision[];
  requirements: RequirementFacts[];
  routing: RoutingOperationFacts[];
  shipments: ShipmentFacts[];
  changeOrders: (Omit<ChangeOrderFacts, 'changes' | 'effectivity'> & {
    changes?: string;
    effectivity?: string;
  })[];
}

interface ExecutionRow {
  serialNumber: string;
  execution: Omit<ExecutionFacts, 'readings'>;
  equipmentPlaceholder?: boolean;
  operatorPlaceholder?: boolean;
}

interface InspectionRow {
  serialNumber: string;
  inspection: InspectionFacts;
  executionPlaceholder?: boolean;
}

interface NcrRow {
  nonconformance: Omit<NcrFacts, 'serialNumbers' | 'lotNumbers'> & {
    serialNumbers?: string[];
    lotNumbers?: string[];
  };
  targets: string[];
  executions: { id: string; serialNumber: string }[];
  capa?: CapaFacts;
}

interface ReadingRow extends ReadingSummary {
  executionId: string;
}

export interface ReadOptions {
  /** summarise machine readings per execution (the API shows them; no gap depends on them) */
  readonly readings: boolean;
}

/**
 * What an evidence chain reads, run together as one statement; each takes the serials
 * ($serialNumbers) or their record ids ($rids) alone. Readings last: left out when not wanted.
 */
export const EVIDENCE_STATEMENTS = [
  'evidence/read-units',
  'evidence/read-executions',
  'evidence/read-inspections',
  'genealogy/read-components',
  'evidence/read-work-instruction-revisions',
  'evidence/read-plan-revisions-of-units',
  'evidence/read-nonconformances',
  'evidence/read-readings',
] as const satisfies readonly QueryName[];

/**
 * Snapshots of the given units. Serials with no MES Unit record (unknown, or only a placeholder)
 * are absent from the result.
 */
export async function readSnapshots(
  q: QueryRunner,
  serialNumbers: readonly string[],
  options: ReadOptions,
): Promise<Map<string, EvidenceSnapshot>> {
  // Every statement takes the serials (or their record ids) alone, so all go as one statement
  // (runTogether): the evidence costs one round trip and one statement's overhead, however many
  // it reads.
  const requested = distinct(serialNumbers);
  const unitRids = new Map(requested.map((s) => [s, recordId('Unit', { serialNumber: s })]));
  const rids = [...unitRids.values()];
  const [
    units,
    executionRows,
    inspectionRows,
    componentRows,
    wiRows,
    planRows,
    ncrRows,
    readingRows,
  ] = await q.runTogether<
    [
      UnitRow[],
      ExecutionRow[],
      InspectionRow[],
      ComponentsRow[],
      { revision: DocumentRevision }[],
      PlanRevisionRow[],
      NcrRow[],
      ReadingRow[]?,
    ]
  >(options.readings ? EVIDENCE_STATEMENTS : EVIDENCE_STATEMENTS.slice(0, -1), {
    serialNumbers: requested,
    rids,
    maxDepth: MAX_GENEALOGY_DEPTH,
  });
  const components = componentsOf(rids, componentRows);
  const heads = units.filter((h) => !h.unit.placeholder);
  if (heads.length === 0) return new Map();
  const known = new Set(heads.map((h) => h.unit.serialNumber));
  const executions = groupBy(
    executionRows.filter((r) => known.has(r.serialNumber)),
    (r) => r.serialNumber,
  );
  const inspections = groupBy(
    inspectionRows.filter((r) => known.has(r.serialNumber)),
    (r) => r.serialNumber,
  );
  const workInstructions = groupBy(
    wiRows.map((r) => r.revision),
    (r) => r.number,
  );
  const plans = groupBy(planRows.map(planRevision), (r) => r.number);
  const readings = new Map<string, ReadingSummary[]>();
  for (const { executionId, ...summary } of readingRows ?? []) {
    const list = readings.get(executionId) ?? [];
    list.push(summary);
    readings.set(executionId, list);
  }

  const snapshots = new Map<string, EvidenceSnapshot>();
  for (const head of heads) {
    const serial = head.unit.serialNumber;
    const unitRid = unitRids.get(serial) as string;
    const genealogy = components.get(unitRid) as Components;
    const mine = new Set([unitRid, ...genealogy.rids]);
    const ncrs = ncrRows.filter((r) => r.targets.some((t) => mine.has(t)));
    const execs = executions.get(serial) ?? [];
    const results = inspections.get(serial) ?? [];
    const wiOfUnit = distinct(execs.map((e) => e.execution.workInstructionNumber));
    const plansOfUnit = distinct([
      ...head.routing.map((r) => r.inspectionPlanId),
      ...results.map((r) => r.inspection.planId),
    ]);
    snapshots.set(serial, {
      unit: head.unit,
      shipments: head.shipments,
      part: head.part,
      workOrder: head.workOrder,
      timeZone: head.timeZone,
      builtTo: head.builtTo,
      partRevisions: head.partRevisions,
      drawing: head.drawing,
      drawingRevisions: head.drawingRevisions,
      requirements: head.requirements,
      routing: head.routing,
      executions: execs.map((r) => ({
        ...r.execution,
        readings: readings.get(r.execution.id) ?? [],
      })),
      workInstructionRevisions: wiOfUnit.flatMap((n) => workInstructions.get(n) ?? []),
      planRevisions: plansOfUnit.flatMap((p) => plans.get(p) ?? []),
      inspections: results.map((r) => ({
        ...r.inspection,
        executionPlaceholder: r.executionPlaceholder ?? false,
      })),
      components: genealogy.edges,
      componentExecutions: ncrs.flatMap((r) =>
        r.executions.filter((e) => e.serialNumber !== serial),
      ),
      nonconformances: ncrs.map((r) => ({
        ...r.nonconformance,
        serialNumbers: r.nonconformance.serialNumbers ?? [],
        lotNumbers: r.nonconformance.lotNumbers ?? [],
      })),
      capas: ncrs.flatMap((r) => (r.capa ? [r.capa] : [])),
      changeOrders: head.changeOrders.map(parseChangeOrder),
      equipment: execs.flatMap((r) =>
        r.execution.equipmentId === undefined
          ? []
          : [{ id: r.execution.equipmentId, placeholder: r.equipmentPlaceholder ?? false }],
      ),
      operators: execs.flatMap((r) =>
        r.execution.operatorId === undefined
          ? []
          : [{ id: r.execution.operatorId, placeholder: r.operatorPlaceholder ?? false }],
      ),
    });
  }
  return snapshots;
}

type PlanRevisionRow = { revision: DocumentRevision & { characteristics?: string } };

/** Every revision of the given inspection plans, characteristics parsed. */
export async function readPlanRevisions(
  q: QueryRunner,
  planIds: readonly string[],
): Promise<PlanRevisionFacts[]> {
  if (planIds.length === 0) return [];
  return (await q.run<PlanRevisionRow>('evidence/read-plan-revisions', { planIds })).map(
    planRevision,
  );
}

function planRevision({ revision }: PlanRevisionRow): PlanRevisionFacts {
  return { ...revision, characteristics: parseCharacteristics(revision.characteristics) };
}

function parseChangeOrder(row: UnitRow['changeOrders'][number]): ChangeOrderFacts {
  return {
    ...row,
    changes: row.changes ? (JSON.parse(row.changes) as PartChange[]) : [],
    effectivity: row.effectivity ? (JSON.parse(row.effectivity) as Effectivity) : undefined,
  };
}

function parseCharacteristics(json: string | undefined): PlanRevisionFacts['characteristics'] {
  if (json === undefined) return [];
  return (
    JSON.parse(json) as {
      id?: string;
      name?: string;
      verifies?: string[];
      nominal?: number;
      lower?: number;
      upper?: number;
      unit?: string;
    }[]
  ).flatMap((c) =>
    c.id === undefined
      ? []
      : [
          {
            id: c.id,
            name: c.name,
            verifies: c.verifies ?? [],
            nominal: c.nominal,
            lower: c.lower,
            upper: c.upper,
            unit: c.unit,
          },
        ],
  );
}
