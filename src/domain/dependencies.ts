/**
 * Which evidence chains a record can change. After an import, the records that changed (their new
 * and their replaced versions) seed the search for the units whose derived state — gaps,
 * completeness, escaped operations — must be worked out again, and the days whose thread-health
 * counts must be recounted.
 */
import type { FieldValue, Kind, RecordData } from './canonical';
import { parseInstant } from './time';

export interface Seeds {
  readonly serials: Set<string>;
  readonly lots: Set<string>;
  readonly workOrders: Set<string>;
  readonly partNumbers: Set<string>;
  readonly drawings: Set<string>;
  readonly requirements: Set<string>;
  readonly workInstructions: Set<string>;
  readonly plans: Set<string>;
  readonly equipment: Set<string>;
  readonly operators: Set<string>;
  readonly sites: Set<string>;
  readonly executions: Set<string>;
  readonly capas: Set<string>;
  /** UTC days (YYYY-MM-DD) whose health counts the record sits in */
  readonly days: Set<string>;
  /** executions whose reading summaries are worked out again (their window may have moved) */
  readonly measured: Set<string>;
  /** machine and UTC day of imported readings (JSON [equipmentId, day]): the executions then */
  readonly readingDays: Set<string>;
}

export function emptySeeds(): Seeds {
  return {
    serials: new Set(),
    lots: new Set(),
    workOrders: new Set(),
    partNumbers: new Set(),
    drawings: new Set(),
    requirements: new Set(),
    workInstructions: new Set(),
    plans: new Set(),
    equipment: new Set(),
    operators: new Set(),
    sites: new Set(),
    executions: new Set(),
    capas: new Set(),
    days: new Set(),
    measured: new Set(),
    readingDays: new Set(),
  };
}

/** Seeds as plain lists, to be kept beside the changes they come from until they are derived. */
export function seedsToJson(s: Seeds): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [...(v as Set<string>)]])),
  );
}

/** Adds seeds kept by seedsToJson to `into`; names it does not know are ignored. */
export function addSeedsJson(into: Seeds, json: string): void {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  for (const [k, set] of Object.entries(into) as [string, Set<string>][]) {
    const values = parsed[k];
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') set.add(v);
  }
}

export function seedCount(s: Seeds): number {
  return (Object.values(s) as Set<string>[]).reduce((n, set) => n + set.size, 0);
}

/**
 * Adds what one version of a record can reach. Works on raw data too (an earlier version read
 * back from the graph): identifiers are taken as they are, times are parsed.
 */
export function addSeeds(seeds: Seeds, kind: Kind, data: RecordData): void {
  const add = (set: Set<string>, value: FieldValue | undefined) => {
    if (typeof value === 'string' && value !== '') set.add(value);
    else if (typeof value === 'number') set.add(String(value));
  };
  const addAll = (set: Set<string>, value: FieldValue | undefined) => {
    if (Array.isArray(value)) for (const v of value as unknown[]) add(set, v as FieldValue);
  };
  const day = (value: FieldValue | undefined) => {
    const instant = typeof value === 'string' ? parseInstant(value) : undefined;
    if (instant !== undefined) seeds.days.add(instant.slice(0, 10));
  };
  switch (kind) {
    case 'Site':
      add(seeds.sites, data.code);
      break;
    case 'Requirement':
      add(seeds.requirements, data.id);
      break;
    case 'Part':
    case 'PartRevision':
    case 'RoutingOperation':
      add(seeds.partNumbers, data.partNumber);
      break;
    case 'DrawingRevision':
      add(seeds.drawings, data.drawingNumber);
      break;
    case 'ChangeOrder':
      for (const c of (Array.isArray(data.changes) ? data.changes : []) as RecordData[]) {
        add(seeds.partNumbers, c.partNumber);
      }
      break;
    case 'WorkInstructionRevision':
      add(seeds.workInstructions, data.documentNumber);
      break;
    case 'InspectionPlanRevision':
      add(seeds.plans, data.planId);
      break;
    case 'WorkOrder':
      add(seeds.workOrders, data.id);
      break;
    case 'Lot':
      add(seeds.lots, data.lotNumber);
      break;
    case 'Shipment':
      addAll(seeds.serials, data.serialNumbers);
      break;
    case 'Unit':
    case 'InspectionResult':
      add(seeds.serials, data.serialNumber);
      break;
    case 'OperationExecution':
      add(seeds.serials, data.serialNumber);
      add(seeds.measured, data.id);
      day(data.startedAt);
      break;
    case 'Consumption':
      add(seeds.serials, data.parentSerialNumber);
      add(seeds.lots, data.parentLotNumber);
      break;
    case 'Equipment':
      add(seeds.equipment, data.id);
      break;
    case 'Operator':
      add(seeds.operators, data.id);
      break;
    case 'Nonconformance':
      addAll(seeds.serials, data.serialNumbers);
      addAll(seeds.lots, data.lotNumbers);
      add(seeds.executions, data.operationExecutionId);
      day(data.raisedAt);
      break;
    case 'Capa':
      add(seeds.capas, data.id);
      break;
    case 'Reading': {
      // no gap and no health count depends on a reading: only the summaries of the executions
      // of its machine then
      const at =
        typeof data.sourceTimestamp === 'string' ? parseInstant(data.sourceTimestamp) : undefined;
      if (typeof data.equipmentId === 'string' && at !== undefined)
        seeds.readingDays.add(JSON.stringify([data.equipmentId, at.slice(0, 10)]));
      break;
    }
    case 'BomLine':
    case 'FieldEvent':
      break; // no gap and no health count depends on them
  }
}
