/**
 * The data ownership audit (seed 001, "Starting point"): for each artefact class, its one
 * authority, how it is versioned, and who reads it downstream — the classes that reference it and
 * the questions that use it. A class with more than one claimed owner, no versioning scheme or no
 * downstream recipient is where the architecture brief starts.
 */
import type { Kind } from './canonical';

/**
 * REVISION: a controlled document, versioned by its revision key. PARENT_REVISION: part of a
 * revision (a BOM line, a routing operation). RECORD_HISTORY: no versioning scheme of its own;
 * threadgraph keeps every version by recordedAt.
 */
export type Versioning = 'REVISION' | 'PARENT_REVISION' | 'RECORD_HISTORY';

export const OWNERSHIP: Record<Kind, { versioning: Versioning; readBy: readonly string[] }> = {
  Site: {
    versioning: 'RECORD_HISTORY',
    readBy: ['WorkOrder', 'Unit', 'Equipment', 'threadHealth'],
  },
  Requirement: {
    versioning: 'RECORD_HISTORY',
    readBy: [
      'PartRevision',
      'InspectionPlanRevision',
      'Nonconformance',
      'evidenceChain',
      'requirementCoverage',
    ],
  },
  Part: {
    versioning: 'RECORD_HISTORY',
    readBy: ['PartRevision', 'BomLine', 'ChangeOrder', 'Lot', 'Unit'],
  },
  PartRevision: {
    versioning: 'REVISION',
    readBy: [
      'WorkOrder',
      'ChangeOrder',
      'RoutingOperation',
      'BomLine',
      'evidenceChain',
      'changeImpact',
      'requirementCoverage',
      'threadHealth',
    ],
  },
  DrawingRevision: {
    versioning: 'REVISION',
    readBy: ['PartRevision', 'Nonconformance', 'evidenceChain'],
  },
  // the eBOM→mBOM transform is not read by anything yet: kept, not consumed
  BomLine: { versioning: 'PARENT_REVISION', readBy: [] },
  ChangeOrder: {
    versioning: 'RECORD_HISTORY',
    readBy: ['PartRevision', 'Capa', 'evidenceChain', 'changeImpact'],
  },
  RoutingOperation: {
    versioning: 'PARENT_REVISION',
    readBy: ['evidenceChain', 'requirementCoverage'],
  },
  WorkInstructionRevision: {
    versioning: 'REVISION',
    readBy: ['OperationExecution', 'evidenceChain', 'threadHealth'],
  },
  InspectionPlanRevision: {
    versioning: 'REVISION',
    readBy: ['RoutingOperation', 'InspectionResult', 'evidenceChain', 'requirementCoverage'],
  },
  WorkOrder: {
    versioning: 'RECORD_HISTORY',
    readBy: ['Unit', 'OperationExecution', 'evidenceChain', 'changeImpact', 'threadHealth'],
  },
  Lot: {
    versioning: 'RECORD_HISTORY',
    readBy: ['Consumption', 'Nonconformance', 'evidenceChain', 'traceForward'],
  },
  Shipment: {
    versioning: 'RECORD_HISTORY',
    readBy: ['evidenceChain', 'traceForward', 'threadHealth'],
  },
  Unit: {
    versioning: 'RECORD_HISTORY',
    readBy: [
      'OperationExecution',
      'InspectionResult',
      'Consumption',
      'Nonconformance',
      'Shipment',
      'FieldEvent',
      'evidenceChain',
      'traceForward',
      'changeImpact',
      'threadHealth',
    ],
  },
  OperationExecution: {
    versioning: 'RECORD_HISTORY',
    readBy: ['Consumption', 'InspectionResult', 'Nonconformance', 'evidenceChain', 'threadHealth'],
  },
  Consumption: {
    versioning: 'RECORD_HISTORY',
    readBy: ['evidenceChain', 'traceForward', 'traceBackward'],
  },
  Equipment: {
    versioning: 'RECORD_HISTORY',
    readBy: ['OperationExecution', 'Reading', 'evidenceChain'],
  },
  Operator: { versioning: 'RECORD_HISTORY', readBy: ['OperationExecution', 'evidenceChain'] },
  InspectionResult: {
    versioning: 'RECORD_HISTORY',
    readBy: ['evidenceChain', 'requirementCoverage'],
  },
  Nonconformance: {
    versioning: 'RECORD_HISTORY',
    readBy: ['FieldEvent', 'evidenceChain', 'threadHealth'],
  },
  Capa: {
    versioning: 'RECORD_HISTORY',
    readBy: ['Nonconformance', 'ChangeOrder', 'evidenceChain'],
  },
  Reading: { versioning: 'RECORD_HISTORY', readBy: ['evidenceChain'] },
  // field events are kept but nothing reads them yet
  FieldEvent: { versioning: 'RECORD_HISTORY', readBy: [] },
};
